// Messages typed but not yet acknowledged. Persisted per user in localStorage so a reload or a crash loses
// nothing; sent strictly one at a time, oldest first, so the server stores them in the order they were typed.
// Every item carries its clientId from the start: the server treats a resend as the same message.
import { effect, signal } from '@preact/signals';
import type { FileInfo } from '../../shared/files.js';
import type { Message, SentMessage } from '../../shared/protocol.js';
import { CallError } from '../transport/socket.js';
import { isConnected, rpc } from './client.js';
import { conversations } from './directory.js';

export interface OutboxItem {
  clientId: string;
  conversationId: number;
  /** A reply: its thread's root. Absent (items saved before threads) or null: a top-level message. */
  threadId?: number | null;
  /** A reply also posted in the conversation's top level ("Also send to #channel"). */
  alsoToChannel?: true;
  body: string;
  /** Uploads it carries: their ids go with every attempt, so a retry sends the same files. */
  files?: FileInfo[];
  createdAt: number;
  status: 'sending' | 'failed';
  error?: string;
  attempts: number;
}

export const outbox = signal<readonly OutboxItem[]>([]);
let storageKey: string | null = null;

const TRANSIENT = new Set(['timeout', 'rate_limited', 'internal']);
const MAX_ATTEMPTS = 6;
const ACK_TIMEOUT_MS = 8000;

export function loadOutbox(userId: number): void {
  storageKey = `flack.outbox.${userId}`;
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as OutboxItem[];
    // After a reload every unfinished send is tried again, failed ones stay for the user to decide.
    outbox.value = saved.map((i) => (i.status === 'sending' ? { ...i, attempts: 0 } : i));
  } catch {
    outbox.value = [];
  }
}

export function unloadOutbox(): void {
  storageKey = null;
  outbox.value = [];
}

effect(() => {
  const items = outbox.value;
  if (!storageKey) return;
  try {
    if (items.length) localStorage.setItem(storageKey, JSON.stringify(items));
    else localStorage.removeItem(storageKey);
  } catch {
    // Storage full or disabled: sending still works, it just won't survive a reload.
  }
});

export function enqueue(
  conversationId: number,
  body: string,
  threadId: number | null = null,
  files: readonly FileInfo[] = [],
  alsoToChannel = false,
): OutboxItem {
  const item: OutboxItem = {
    clientId: crypto.randomUUID(),
    conversationId,
    threadId,
    ...(threadId !== null && alsoToChannel && { alsoToChannel: true }),
    body,
    ...(files.length && { files: [...files] }),
    createdAt: Date.now(),
    status: 'sending',
    attempts: 0,
  };
  outbox.value = [...outbox.value, item];
  return item;
}

function update(clientId: string, patch: Partial<OutboxItem>): void {
  outbox.value = outbox.value.map((i) => (i.clientId === clientId ? { ...i, ...patch } : i));
}

/** A message with this clientId now exists on the server: the local copy has done its job. */
export function settle(message: Message): void {
  if (message.clientId && outbox.value.some((i) => i.clientId === message.clientId)) {
    outbox.value = outbox.value.filter((i) => i.clientId !== message.clientId);
  }
}

export function retry(clientId: string): void {
  update(clientId, { status: 'sending', attempts: 0, error: undefined });
}

export function discard(clientId: string): void {
  outbox.value = outbox.value.filter((i) => i.clientId !== clientId);
}

/** Drop items for conversations that are gone (left, removed). */
export function discardConversation(conversationId: number): void {
  outbox.value = outbox.value.filter((i) => i.conversationId !== conversationId);
}

/** What every attempt of an item sends: the same each time, so a retry is the same message. */
export function sendPayload({ conversationId, clientId, body, threadId, alsoToChannel, files }: OutboxItem) {
  return {
    conversationId,
    clientId,
    body,
    ...(threadId && { threadId, ...(alsoToChannel && { alsoToChannel }) }),
    ...(files?.length && { files: files.map((f) => f.id) }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let pumping = false;

/** Send everything that is waiting, in order. Safe to call often; only one pump runs at a time. */
export async function pump(deliver: (sent: SentMessage) => void): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    for (;;) {
      const item = outbox.value.find((i) => i.status === 'sending');
      if (!item || !isConnected()) return;
      try {
        const sent = await rpc('message:send', sendPayload(item), ACK_TIMEOUT_MS);
        deliver(sent);
        settle(sent.message);
      } catch (e) {
        const code = e instanceof CallError ? e.code : 'internal';
        const attempts = item.attempts + 1;
        if (!TRANSIENT.has(code) || attempts >= MAX_ATTEMPTS) {
          update(item.clientId, { status: 'failed', attempts, error: failureText(code, e, item) });
          continue;
        }
        update(item.clientId, { attempts });
        const backoff = Math.min(500 * 2 ** attempts, 15_000);
        await sleep(e instanceof CallError && e.retryAfterMs ? Math.max(e.retryAfterMs, 250) : backoff);
      }
    }
  } finally {
    pumping = false;
  }
}

function failureText(code: string, e: unknown, item: OutboxItem): string {
  // A reply is refused when its thread's first message was deleted meanwhile.
  if (code === 'forbidden' && item.threadId) return 'The message replied to was deleted';
  // Its files were discarded meanwhile (on another device) or expired: the server's words say which.
  if (code === 'not_found' && item.files?.length && e instanceof Error) return e.message;
  // In a DM the refusal is a block ("One of you blocked the other"): the server's words say it best.
  if (code === 'forbidden' && conversations.value.get(item.conversationId)?.kind === 'dm' && e instanceof Error) return e.message;
  switch (code) {
    case 'too_long':
      return 'Too long to send';
    case 'empty':
      return 'Empty message';
    case 'rate_limited':
      return 'Sending too fast';
    case 'timeout':
      return 'No answer from the server';
    case 'not_found':
    case 'forbidden':
      return 'You can no longer post here';
    case 'thread_invalid':
      return 'This message cannot be replied to';
    default:
      return e instanceof Error ? e.message : 'Not sent';
  }
}
