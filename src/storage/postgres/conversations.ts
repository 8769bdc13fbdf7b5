// Channels and DMs: creation, lookup, renames, and the lists a user is allowed to see.
import type pg from 'pg';
import { channelNameKey } from '../../shared/channel-name-key.js';
import type { Conversation, User } from '../../shared/protocol.js';
import type { ConversationStore } from '../storage.js';
import { postNotices } from './change-log.js';
import { keyRange, toPage } from '../page.js';
import { CONVERSATION_MENTIONS } from './mentions.js';
import { transaction, unique, type Queryable } from './db.js';
import {
  CONVERSATION_COLUMNS,
  USER_COLUMNS,
  toConversation,
  toConversationView,
  toUser,
  type ConversationRow,
  type ConversationViewRow,
  type UserRow,
} from './rows.js';


// One row per conversation: everyone's facts, plus this user's membership (user id is $1).
const VIEW_SELECT = `SELECT ${CONVERSATION_COLUMNS}, me.user_id IS NOT NULL AS is_member,
    COALESCE(me.last_read_seq, 0) AS last_read_seq, me.hidden_seq, me.notify, me.muted, ${CONVERSATION_MENTIONS} AS mention_count
  FROM conversations c LEFT JOIN members me ON me.conversation_id = c.id AND me.user_id = $1`;

// The SQLite store's order (channels by name, then DMs), so both backends list alike; "C" compares like SQLite.
const LIST_ORDER = `ORDER BY c.kind = 'dm', lower(c.name) COLLATE "C", c.id`;

async function findOne(db: Queryable, where: string, value: unknown): Promise<Conversation | null> {
  const { rows } = await db.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE ${where}`, [
    value,
  ]);
  const [conversation] = await withDmMembers(db, rows.map(toConversation));
  return conversation ?? null;
}

export const conversationById = (db: Queryable, id: number) => findOne(db, 'c.id = $1', id);

export function conversationStore(pool: pg.Pool): ConversationStore {
  async function listViews(userId: number, where: string) {
    const { rows } = await pool.query<ConversationViewRow>(`${VIEW_SELECT} WHERE ${where} ${LIST_ORDER}`, [userId]);
    return withDmMembers(pool, rows.map(toConversationView));
  }

  return {
    async createConversation(input) {
      const id = await unique(
        transaction(pool, async (client) => {
          const { rows } = await client.query<{ id: string }>(
            `INSERT INTO conversations (kind, name, name_skeleton, topic, created_by, created_at, dm_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
            [
              input.kind,
              input.name,
              input.kind === 'public' ? channelNameKey(input.name) : null,
              input.topic,
              input.createdBy,
              input.createdAt,
              input.dmKey,
            ],
          );
          const id = rows[0]!.id;
          await client.query(
            `INSERT INTO members (conversation_id, user_id, last_read_seq, joined_at)
             SELECT $1, user_id, 0, $3 FROM unnest($2::bigint[]) AS user_id ON CONFLICT DO NOTHING`,
            [id, input.memberIds, input.createdAt],
          );
          return id;
        }),
      );
      return (await findOne(pool, 'c.id = $1', id))!;
    },
    getConversation: (id) => findOne(pool, 'c.id = $1', id),
    async publicNameTaken(name, exceptId) {
      const { rows } = await pool.query(`SELECT 1 FROM conversations WHERE kind = 'public' AND name_skeleton = $1 AND id <> $2`, [
        channelNameKey(name),
        exceptId ?? 0,
      ]);
      return rows.length > 0;
    },
    // Messages, reactions, versions, thread positions and memberships go with it (ON DELETE CASCADE); users'
    // last_conversation_id is set to NULL by its foreign key.
    async deleteConversation(id) {
      const { rowCount } = await pool.query('DELETE FROM conversations WHERE id = $1', [id]);
      return rowCount === 1;
    },
    findDm: (dmKey) => findOne(pool, 'c.dm_key = $1', dmKey),
    updateConversation: (id, change, notices, at) =>
      unique(
        transaction(pool, async (db) => {
          const { rowCount } = await db.query(
            `UPDATE conversations SET name = COALESCE($2, name),
               name_skeleton = CASE WHEN kind = 'public' THEN COALESCE($3, name_skeleton) END,
               topic = COALESCE($4, topic),
               archived_at = CASE WHEN $5::boolean IS NULL THEN archived_at WHEN $5 THEN $6::bigint END,
               announcement = COALESCE($7, announcement),
               retention_days = CASE WHEN $8 THEN $9::integer ELSE retention_days END WHERE id = $1`,
            [
              id,
              change.name ?? null,
              change.name === undefined ? null : channelNameKey(change.name),
              change.topic ?? null,
              change.archived ?? null,
              at,
              change.announcement ?? null,
              change.retentionDays !== undefined,
              change.retentionDays ?? null,
            ],
          );
          if (rowCount === 0) throw new Error(`conversation ${id} does not exist`);
          const changes = await postNotices(db, id, notices, at);
          return { conversation: (await findOne(db, 'c.id = $1', id))!, changes };
        }),
      ),
    listMemberConversations: (userId) => listViews(userId, 'me.user_id IS NOT NULL'),
    async listPublicChannels(userId, page) {
      const { rows } = await pool.query<ConversationViewRow & { sort_key: string }>(
        `SELECT * FROM (SELECT v.*, lower(v.name) COLLATE "C" AS sort_key FROM (${VIEW_SELECT} WHERE c.kind = 'public') v) p
         WHERE sort_key >= $2 AND sort_key < $3 AND sort_key > $4 ORDER BY sort_key LIMIT $5`,
        [userId, ...keyRange(page), page.limit + 1],
      );
      return toPage(rows, page.limit, (row) => row.sort_key, toConversationView);
    },
    async listMemberConversationIds(userId) {
      const { rows } = await pool.query<{ id: string }>(
        'SELECT conversation_id AS id FROM members WHERE user_id = $1 ORDER BY conversation_id',
        [userId],
      );
      return rows.map((row) => Number(row.id));
    },
  };
}

/** DMs carry their participants (sorted by id) so a client can name them; channels do not. */
async function withDmMembers<C extends Conversation>(db: Queryable, conversations: C[]): Promise<C[]> {
  const dmIds = conversations.filter((c) => c.kind === 'dm').map((c) => c.id);
  if (dmIds.length === 0) return conversations;
  const { rows } = await db.query<UserRow & { conversation_id: string }>(
    `SELECT m.conversation_id, ${USER_COLUMNS} FROM members m JOIN users u ON u.id = m.user_id
     WHERE m.conversation_id = ANY($1::bigint[]) ORDER BY u.id`,
    [dmIds],
  );
  const byConversation = new Map<number, User[]>(dmIds.map((id) => [id, []]));
  for (const row of rows) byConversation.get(Number(row.conversation_id))!.push(toUser(row));
  return conversations.map((c) => (c.kind === 'dm' ? { ...c, members: byConversation.get(c.id)! } : c));
}
