// Files attached in a composer, before the message that carries them is sent. Each composer (a conversation, or a
// thread: the drafts' key) has its own, so switching conversations takes nothing along. A file uploads as soon as
// it is attached; sending takes the finished ones into the outbox, which sends their ids with the message.
import { signal } from '@preact/signals';
import { FILE_LIMITS, type FileInfo } from '../../shared/files.js';
import { deleteUpload, HttpError } from '../transport/http.js';
import { uploadFile } from '../transport/upload.js';
import { formatBytes } from '../lib/format.js';
import { showNotice } from './ui.js';

export interface PendingUpload {
  /** This tab's own id for it (the server's comes with `file`). */
  localId: string;
  /** The composer it was attached in (drafts.ts's draftKey). */
  key: string;
  name: string;
  size: number;
  status: 'uploading' | 'done' | 'failed';
  sent: number;
  file?: FileInfo;
  error?: string;
  /** Failed in a way the same file may get past later (the connection, the server's trouble): retryUpload. */
  retryable?: true;
}

export const uploads = signal<readonly PendingUpload[]>([]);
/** The server's limit (from the snapshot): a bigger file is refused here, before any byte is sent. */
export const maxUploadBytes = signal(Infinity);
const aborts = new Map<string, () => void>();
/** The file of each retryable failed upload. */
const retryFiles = new Map<string, File>();
let nextId = 0;

export const uploadsFor = (key: string) => uploads.value.filter((u) => u.key === key);

function update(localId: string, patch: Partial<PendingUpload>): void {
  uploads.value = uploads.value.map((u) => (u.localId === localId ? { ...u, ...patch } : u));
}

/** Starts uploading each file; at most FILE_LIMITS.perMessage wait in one composer. */
export function attachFiles(key: string, files: readonly File[]): void {
  const room = FILE_LIMITS.perMessage - uploadsFor(key).length;
  if (files.length > room) showNotice(`A message can carry ${FILE_LIMITS.perMessage} files at most.`);
  for (const file of files.slice(0, Math.max(0, room))) start(key, file);
}

function start(key: string, file: File): void {
  const localId = `up-${++nextId}`;
  const name = file.name || 'file';
  if (file.size > maxUploadBytes.value) {
    const error = `Files are at most ${formatBytes(maxUploadBytes.value)}`;
    uploads.value = [...uploads.value, { localId, key, name, size: file.size, status: 'failed', sent: 0, error }];
    return;
  }
  uploads.value = [...uploads.value, { localId, key, name, size: file.size, status: 'uploading', sent: 0 }];
  send(localId, name, file);
}

function send(localId: string, name: string, file: File): void {
  const upload = uploadFile(file, name, (sent) => update(localId, { sent }));
  aborts.set(localId, upload.abort);
  upload.done.then(
    (info) => {
      aborts.delete(localId);
      // Removed in the moment it finished: the server has it, and nobody wants it.
      if (!uploads.value.some((u) => u.localId === localId)) return void deleteUpload(info.id).catch(() => undefined);
      update(localId, { status: 'done', sent: file.size, file: info });
    },
    (e: unknown) => {
      aborts.delete(localId);
      const retryable = worthRetrying(e) && uploads.value.some((u) => u.localId === localId);
      if (retryable) retryFiles.set(localId, file);
      update(localId, { status: 'failed', error: failureText(e), ...(retryable && { retryable: true }) });
    },
  );
}

function worthRetrying(e: unknown): boolean {
  if (!(e instanceof HttpError)) return false;
  return e.code === 'network' || e.status >= 500 || e.code === 'storage_full' || e.code === 'rate_limited';
}

function failureText(e: unknown): string {
  if (!(e instanceof HttpError)) return 'Upload failed';
  // The server's words name its limit (MAX_UPLOAD_MB is its setting, not ours).
  if (e.code === 'unauthorized') return 'You are signed out';
  return e.message;
}

/** Retry of a failed upload: the same file again, in its place in the composer. */
export function retryUpload(localId: string): void {
  const u = uploads.value.find((x) => x.localId === localId);
  const file = retryFiles.get(localId);
  if (!u || !file) return;
  retryFiles.delete(localId);
  const { key, name, size } = u;
  uploads.value = uploads.value.map((x) => (x.localId === localId ? { localId, key, name, size, status: 'uploading', sent: 0 } : x));
  send(localId, name, file);
}

/** The ✕ of a file: cancels its upload, or discards the finished upload on the server. */
export function removeUpload(localId: string): void {
  const u = uploads.value.find((x) => x.localId === localId);
  if (!u) return;
  aborts.get(localId)?.();
  aborts.delete(localId);
  retryFiles.delete(localId);
  uploads.value = uploads.value.filter((x) => x.localId !== localId);
  // Should that fail, the upload stays unsent: yours alone, in no message.
  if (u.file) void deleteUpload(u.file.id).catch(() => undefined);
}

/** Sent: these files now travel with their message in the outbox. */
export function takeSent(key: string, files: readonly FileInfo[]): void {
  const ids = new Set(files.map((f) => f.id));
  uploads.value = uploads.value.filter((u) => u.key !== key || !u.file || !ids.has(u.file.id));
}

/** A conversation you left: what was attached there goes. */
export function discardUploadsOf(conversationId: number): void {
  for (const u of uploads.value) if (u.key.startsWith(`${conversationId}:`)) removeUpload(u.localId);
}

/** Signed out: stop every upload under way. */
export function clearUploads(): void {
  for (const abort of aborts.values()) abort();
  aborts.clear();
  retryFiles.clear();
  uploads.value = [];
}
