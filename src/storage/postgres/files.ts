// File rows on PostgreSQL (see ../file-records.ts).
import type pg from 'pg';
import type { FileInfo } from '../../shared/protocol.js';
import { FILE_COLUMNS, FilesUnavailable, inOrder, toFileRecord, type FileRecords, type FileRow } from '../file-records.js';
import { fileNames, filesJson } from '../files-json.js';
import type { Queryable } from './db.js';

/**
 * Inside the message's transaction: the author's unsent uploads become the message's, and the message keeps their
 * list. Throws FilesUnavailable (rolling the message back) if any is not the author's unsent upload — including one
 * a concurrent send claimed first: its UPDATE waits on that row's lock, then finds message_id set.
 */
export async function attachFiles(
  db: Queryable,
  message: { id: number; conversationId: number; authorId: number },
  ids: string[],
): Promise<FileInfo[]> {
  const { rows } = await db.query<FileRow>(
    `UPDATE files SET message_id = $1, conversation_id = $2
     WHERE id = ANY($3::text[]) AND user_id = $4 AND message_id IS NULL RETURNING ${FILE_COLUMNS}`,
    [message.id, message.conversationId, ids, message.authorId],
  );
  if (rows.length !== ids.length) throw new FilesUnavailable();
  const files = inOrder(ids, rows);
  await db.query('UPDATE messages SET files = $2, file_names = $3 WHERE id = $1', [message.id, filesJson(files), fileNames(files)]);
  return files;
}

export function fileRecords(pool: pg.Pool): FileRecords {
  return {
    async createFile(file) {
      await pool.query(
        `INSERT INTO files (id, user_id, name, size, type, width, height, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [file.id, file.userId, file.name, file.size, file.type, file.width ?? null, file.height ?? null, file.createdAt],
      );
    },
    async findFile(id) {
      const { rows } = await pool.query<FileRow>(`SELECT ${FILE_COLUMNS} FROM files WHERE id = $1`, [id]);
      return rows[0] ? toFileRecord(rows[0]) : null;
    },
    async discardUpload(id, userId) {
      const { rowCount } = await pool.query('DELETE FROM files WHERE id = $1 AND user_id = $2 AND message_id IS NULL', [id, userId]);
      return (rowCount ?? 0) > 0;
    },
    async expireUploads(before, limit) {
      const { rows } = await pool.query<{ id: string }>(
        `DELETE FROM files WHERE id IN (SELECT id FROM files WHERE message_id IS NULL AND created_at < $1 LIMIT $2
         FOR UPDATE SKIP LOCKED) RETURNING id`,
        [before, limit],
      );
      return rows.map((row) => row.id);
    },
    async uploadedBytes(userId) {
      const { rows } = await pool.query<{ n: string }>('SELECT coalesce(sum(size), 0) AS n FROM files WHERE user_id = $1', [userId]);
      return Number(rows[0]!.n);
    },
    async existingFileIds(ids) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM files WHERE id = ANY($1::text[])', [ids]);
      return new Set(rows.map((row) => row.id));
    },
  };
}
