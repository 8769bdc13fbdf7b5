// The domain core on its own: in-memory SQLite, a fan-out that records what it was asked to send, a clock the test
// moves. No server, no sockets — fast enough to test every rule directly.
import { FlackError } from '../../src/core/errors.js';
import { UNMEASURED } from './core-stats.js';
import { createFlack, type Flack } from '../../src/core/flack.js';
import type { Audience, EventArgs, Fanout, ServerEvent } from '../../src/core/ports.js';
import type { ChangeBatch, User } from '../../src/shared/protocol.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskFileBytes } from '../../src/storage/file-bytes/disk-file-bytes.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../src/storage/storage.js';

export interface Sent {
  audience: Audience;
  event: ServerEvent;
  payload: unknown;
}

export class RecordingFanout implements Fanout {
  readonly sent: Sent[] = [];
  readonly subscriptions: string[] = [];

  send<E extends ServerEvent>(audience: Audience, event: E, ...args: EventArgs<E>): void {
    this.sent.push({ audience, event, payload: args[0] });
  }
  subscribe(userId: number, conversationId: number): void {
    this.subscriptions.push(`+${userId}:${conversationId}`);
  }
  unsubscribe(userId: number, conversationId: number): void {
    this.subscriptions.push(`-${userId}:${conversationId}`);
  }
  closeRoom(conversationId: number): void {
    this.subscriptions.push(`x:${conversationId}`);
  }
  disconnectSession(): void {}
  disconnectUser(userId: number): void {
    this.subscriptions.push(`x${userId}`);
  }

  /** Every `changes` batch sent so far (optionally: only to this conversation's room). */
  batches(conversationId?: number): ChangeBatch[] {
    return this.sent
      .filter((s) => s.event === 'changes')
      .map((s) => s.payload as ChangeBatch)
      .filter((b) => conversationId === undefined || b.conversationId === conversationId);
  }

  events(): ServerEvent[] {
    return this.sent.map((s) => s.event);
  }

  clear(): void {
    this.sent.length = 0;
    this.subscriptions.length = 0;
  }
}

export interface CoreWorld {
  flack: Flack;
  storage: Storage;
  fanout: RecordingFanout;
  online: Set<number>;
  /** File bytes in a directory of the test's own. */
  fileBytes: DiskFileBytes;
  /** Moves the clock (each reading of it also moves it 1 s). */
  advance(ms: number): void;
  /** The clock's time now, without moving it. */
  time(): number;
  /** Sign up a user (joins #general) and return them. */
  user(name: string): Promise<User>;
  close(): Promise<void>;
}

/**
 * scrypt at 2^10 rather than 2^15 (as the test server does): the core tests sign many people up, and under a loaded
 * CI a race test spent its whole timeout hashing. passwords.test.ts checks the real cost.
 */
export const TEST_PASSWORD_COST = 1 << 10;

export async function coreWorld(): Promise<CoreWorld> {
  const storage = await openSqliteStorage(':memory:');
  const fanout = new RecordingFanout();
  const online = new Set<number>();
  let now = 1_750_000_000_000;
  const filesDir = mkdtempSync(join(tmpdir(), 'flack-core-files-'));
  const fileBytes = await new DiskFileBytes(filesDir).open();
  const presence = { onlineUserIds: async () => online, onlineAmong: async (ids: number[]) => new Set(ids.filter((id) => online.has(id))) };
  const flack = createFlack({ stats: UNMEASURED, settings: { maxUploadBytes: 25 * 1024 * 1024, uploadQuotaBytes: null, signUpModeLock: 'open', sessionIdleMs: 30 * 24 * 3600_000 }, storage, fileBytes, fanout, presence, now: () => (now += 1000), passwordCost: TEST_PASSWORD_COST });
  await flack.start();
  // The first account of a workspace is its owner; the people a test makes are members, as most people are.
  await flack.signUp({ username: 'founder', password: 'correct horse battery' });
  return {
    flack,
    storage,
    fanout,
    online,
    fileBytes,
    advance: (ms) => void (now += ms),
    time: () => now,
    user: async (name) => (await flack.signUp({ username: name, password: 'correct horse battery' })).user,
    close: async () => {
      await storage.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** The error code a core call failed with, or 'ok': what a rule's test compares. */
export const codeOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof FlackError ? error.code : `threw ${String(error)}`),
  );
