// The rows of uploaded files (their bytes are in the server's file store, src/server/files/). An upload belongs to
// its uploader alone until a message carries it (NewMessage.fileIds, in the message's transaction); from then on
// it is readable by whoever can read that conversation, and it goes when the message or conversation does.
import type { FileInfo } from '../shared/protocol.js';

export interface FileRecord extends FileInfo {
  userId: number;
  /** Null until sent. */
  messageId: number | null;
  conversationId: number | null;
  createdAt: number;
}

/** Thrown by appendMessage when a file id is not the author's own unsent upload (nothing is written). */
export class FilesUnavailable extends Error {
  constructor() {
    super('files unavailable');
  }
}

export interface FileRecords {
  /** A new upload, not yet sent. */
  createFile(file: FileInfo & { userId: number; createdAt: number }): Promise<void>;
  findFile(id: string): Promise<FileRecord | null>;
  /** Removes the user's own unsent upload; false when there is none. */
  discardUpload(id: string, userId: number): Promise<boolean>;
  /** Removes unsent uploads created before `before`, at most `limit`; their ids. */
  expireUploads(before: number, limit: number): Promise<string[]>;
  /** The bytes of every file the user uploaded that is still kept (sent or not). */
  uploadedBytes(userId: number): Promise<number>;
  /** Which of these ids still have a row (the file store removes the bytes of the others). */
  existingFileIds(ids: string[]): Promise<Set<string>>;
}

/** Column list and mapping shared by both stores (their rows have the same names). */
export interface FileRow {
  id: string;
  user_id: number | string;
  message_id: number | string | null;
  conversation_id: number | string | null;
  name: string;
  size: number | string;
  type: string;
  width: number | null;
  height: number | null;
  created_at: number | string;
}

export const FILE_COLUMNS = 'id, user_id, message_id, conversation_id, name, size, type, width, height, created_at';

export const toFileInfo = (row: FileRow): FileInfo => ({
  id: row.id,
  name: row.name,
  size: Number(row.size),
  type: row.type,
  ...(row.width !== null && row.height !== null && { width: row.width, height: row.height }),
});

export const toFileRecord = (row: FileRow): FileRecord => ({
  ...toFileInfo(row),
  userId: Number(row.user_id),
  messageId: row.message_id === null ? null : Number(row.message_id),
  conversationId: row.conversation_id === null ? null : Number(row.conversation_id),
  createdAt: Number(row.created_at),
});

/** The claimed rows in the order the message lists them. */
export function inOrder(ids: string[], rows: FileRow[]): FileInfo[] {
  const byId = new Map(rows.map((row) => [row.id, toFileInfo(row)]));
  return ids.map((id) => byId.get(id)!);
}
