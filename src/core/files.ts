// Uploaded files: who may read one, discarding an unsent upload, and the sweep that removes what nobody can reach.
// The bytes are checked and stored by the transport (src/server/files/) before the core records the upload.
import { FILE_LIMITS, type FileInfo } from '../shared/files.js';
import type { FileRecord } from '../storage/file-records.js';
import { accessConversation } from './access.js';
import { FlackError } from './errors.js';
import type { CoreDeps } from './ports.js';

/** Unsent uploads are kept this long (a composer left open overnight keeps its attachments). */
export const UNSENT_UPLOAD_TTL_MS = 24 * 3600_000;
/** Bytes without a row are removed only once this old: an upload in progress has its row a moment after its bytes. */
const ORPHAN_GRACE_MS = 3600_000;

const fileNotFound = () => new FlackError('not_found', 'No such file');

/**
 * Refuses an upload of `size` bytes that would take the user's files past their quota. Checked before the bytes
 * are read (with the declared size) and again before the upload is recorded (with the real one); two uploads at
 * once may each pass the first check, not both the second.
 */
export async function checkQuota(deps: CoreDeps, userId: number, size: number): Promise<void> {
  const quota = deps.settings.uploadQuotaBytes;
  if (quota === null) return;
  const used = await deps.storage.uploadedBytes(userId);
  if (used + size > quota) {
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    throw new FlackError('quota_exceeded', `Your files may take ${mb(quota)} in all; you use ${mb(used)}. Delete some messages with files first`);
  }
}

export async function recordUpload(deps: CoreDeps, userId: number, file: FileInfo): Promise<FileInfo> {
  await checkQuota(deps, userId, file.size);
  await deps.storage.createFile({ ...file, userId, createdAt: deps.now() });
  return file;
}

/**
 * A file the user may read now: their own unsent upload, or one a message carries in a conversation they can see.
 * Anything else — unknown, someone else's unsent upload, a conversation left or private — is the same not_found.
 */
export async function readableFile(deps: CoreDeps, userId: number, fileId: string): Promise<FileRecord> {
  const file = await deps.storage.findFile(fileId);
  if (!file) throw fileNotFound();
  if (file.conversationId === null) {
    if (file.userId !== userId) throw fileNotFound();
    return file;
  }
  try {
    await accessConversation(deps, userId, file.conversationId, 'see');
  } catch (error) {
    if (error instanceof FlackError && error.code === 'not_found') throw fileNotFound();
    throw error;
  }
  return file;
}

export async function discardUpload(deps: CoreDeps, userId: number, fileId: string): Promise<void> {
  if (!(await deps.storage.discardUpload(fileId, userId))) throw fileNotFound();
  await deps.fileBytes.remove([fileId]);
}

/** What a send may carry: distinct ids, at most FILE_LIMITS.perMessage. */
export function checkFileIds(ids: string[] | undefined): string[] | undefined {
  if (!ids?.length) return undefined;
  if (ids.length > FILE_LIMITS.perMessage) throw new FlackError('invalid', `A message carries at most ${FILE_LIMITS.perMessage} files`);
  if (new Set(ids).size !== ids.length) throw new FlackError('invalid', 'The same file is listed twice');
  return ids;
}

/**
 * Removes unsent uploads past their time, and bytes whose row is gone (a message deleted on a node that died before
 * removing them, a deleted conversation's files). Run at start and then hourly; bounded work per run.
 */
export async function sweepFiles(deps: CoreDeps): Promise<{ expired: number; orphans: number }> {
  const now = deps.now();
  const expired = await deps.storage.expireUploads(now - UNSENT_UPLOAD_TTL_MS, 1000);
  await deps.fileBytes.remove(expired);
  let orphans = 0;
  const stored = await deps.fileBytes.listOlderThan(now - ORPHAN_GRACE_MS);
  for (let i = 0; i < stored.length; i += 500) {
    const batch = stored.slice(i, i + 500);
    const known = await deps.storage.existingFileIds(batch);
    const gone = batch.filter((id) => !known.has(id));
    await deps.fileBytes.remove(gone);
    orphans += gone.length;
  }
  return { expired: expired.length, orphans };
}
