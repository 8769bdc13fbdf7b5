// File rows on SQLite (see ../file-records.ts).
import type { FileInfo } from '../../shared/protocol.js';
import { FILE_COLUMNS, FilesUnavailable, inOrder, toFileRecord, type FileRecords, type FileRow } from '../file-records.js';
import { fileNames, filesJson } from '../files-json.js';
import type { SqliteDb } from './db.js';

/**
 * Inside the message's transaction: the author's unsent uploads become the message's, and the message keeps their
 * list. Throws FilesUnavailable (rolling the message back) if any of them is not the author's unsent upload.
 */
export function attachFiles(s: SqliteDb, message: { id: number; conversationId: number; authorId: number }, ids: string[]): FileInfo[] {
  const rows = s
    .sql(
      `UPDATE files SET message_id = ?, conversation_id = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND user_id = ? AND message_id IS NULL RETURNING ${FILE_COLUMNS}`,
    )
    .all(message.id, message.conversationId, JSON.stringify(ids), message.authorId) as FileRow[];
  if (rows.length !== ids.length) throw new FilesUnavailable();
  const files = inOrder(ids, rows);
  s.sql('UPDATE messages SET files = ?, file_names = ? WHERE id = ?').run(filesJson(files), fileNames(files), message.id);
  return files;
}

export function fileRecords(s: SqliteDb): FileRecords {
  return {
    async createFile(file) {
      s.sql(
        `INSERT INTO files (id, user_id, name, size, type, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(file.id, file.userId, file.name, file.size, file.type, file.width ?? null, file.height ?? null, file.createdAt);
    },
    async findFile(id) {
      const row = s.sql(`SELECT ${FILE_COLUMNS} FROM files WHERE id = ?`).get(id) as FileRow | undefined;
      return row ? toFileRecord(row) : null;
    },
    async discardUpload(id, userId) {
      return s.sql('DELETE FROM files WHERE id = ? AND user_id = ? AND message_id IS NULL').run(id, userId).changes > 0;
    },
    async expireUploads(before, limit) {
      const rows = s
        .sql(
          `DELETE FROM files WHERE id IN (SELECT id FROM files WHERE message_id IS NULL AND created_at < ? LIMIT ?) RETURNING id`,
        )
        .all(before, limit) as { id: string }[];
      return rows.map((row) => row.id);
    },
    async uploadedBytes(userId) {
      return (s.sql('SELECT coalesce(sum(size), 0) AS n FROM files WHERE user_id = ?').get(userId) as { n: number }).n;
    },
    async existingFileIds(ids) {
      const rows = s.sql('SELECT id FROM files WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: string }[];
      return new Set(rows.map((row) => row.id));
    },
  };
}
