// Conversations and their members: channels, DMs, membership and read positions.
import { channelNameKey } from '../../shared/channel-name-key.js';
import type { Conversation, ConversationView, NotifyLevel } from '../../shared/protocol.js';
import type { ConversationStore, MemberStore, Membership, MembershipChange, NewConversation, Notice, ConversationChange } from '../storage.js';
import { postNotices } from './change-log.js';
import { keyRange, toPage } from '../page.js';
import { CONVERSATION_MENTIONS, mentionStore } from './mentions.js';
import { unique, type SqliteDb } from './db.js';
import { toConversation, toUser, USER_COLUMNS, type ConversationRow, type UserRow } from './rows.js';

const CONVERSATION_COLUMNS = `c.id, c.kind, c.name, c.topic, c.created_by, c.created_at, c.last_seq,
  c.member_count, c.archived_at, c.announcement, c.retention_days`;
const VIEW_FROM = `SELECT ${CONVERSATION_COLUMNS}, c.name_key, me.user_id IS NOT NULL AS is_member, me.last_read_seq, me.hidden_seq, me.notify, me.muted,
  ${CONVERSATION_MENTIONS} AS mention_count
  FROM conversations c LEFT JOIN members me ON me.conversation_id = c.id AND me.user_id = ?`;

type ViewRow = ConversationRow & {
  name_key: string | null;
  is_member: 0 | 1;
  last_read_seq: number | null;
  hidden_seq: number | null;
  notify: NotifyLevel | null;
  muted: 0 | 1 | null;
  mention_count: number;
};


/** DMs carry their participants (sorted by id) so a client can name them; channels do not. */
function withMembers(s: SqliteDb, row: ConversationRow): Conversation {
  if (row.kind !== 'dm') return toConversation(row);
  const members = s
    .sql(
      `SELECT ${USER_COLUMNS} FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.conversation_id = ? ORDER BY u.id`,
    )
    .all(row.id) as UserRow[];
  return toConversation(row, members.map(toUser));
}

function findOne(s: SqliteDb, where: string, value: unknown): Conversation | null {
  const row = s.sql(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE ${where}`).get(value) as ConversationRow | undefined;
  return row ? withMembers(s, row) : null;
}

export const conversationById = (s: SqliteDb, id: number) => findOne(s, 'c.id = ?', id);

export function conversationStore(s: SqliteDb): ConversationStore & MemberStore {
  const views = (rows: ViewRow[]): ConversationView[] =>
    rows.map((row) => {
      const view: ConversationView = {
        ...withMembers(s, row),
        isMember: row.is_member === 1,
        lastReadSeq: row.last_read_seq ?? 0,
        mentionCount: row.mention_count,
      };
      if (row.hidden_seq !== null && row.last_seq <= row.hidden_seq) view.hiddenSeq = row.hidden_seq;
      if (row.notify) view.notify = row.notify;
      if (row.muted === 1) view.muted = true;
      return view;
    });

  const create = s.db.transaction((input: NewConversation): number => {
    const { id } = s
      .sql(
        `INSERT INTO conversations (kind, name, name_key, name_skeleton, topic, created_by, created_at, dm_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        input.kind,
        input.name,
        input.kind === 'public' ? input.name.toLowerCase() : null,
        input.kind === 'public' ? channelNameKey(input.name) : null,
        input.topic,
        input.createdBy,
        input.createdAt,
        input.dmKey,
      ) as { id: number };
    const addMember = s.sql('INSERT INTO members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
    for (const userId of input.memberIds) addMember.run(id, userId, input.createdAt);
    return id;
  });

  const membership = (conversationId: number, userId: number): Membership | null => {
    const row = s
      .sql('SELECT last_read_seq, joined_at, hidden_seq, blocked, notify, muted FROM members WHERE conversation_id = ? AND user_id = ?')
      .get(conversationId, userId) as
      | { last_read_seq: number; joined_at: number; hidden_seq: number | null; blocked: 0 | 1; notify: NotifyLevel | null; muted: 0 | 1 }
      | undefined;
    if (!row) return null;
    const { last_read_seq: lastReadSeq, joined_at: joinedAt, hidden_seq: hiddenSeq, blocked, notify, muted } = row;
    return { conversationId, userId, lastReadSeq, joinedAt, hiddenSeq, blocked: blocked === 1, notify, muted: muted === 1 };
  };

  const join = s.db.transaction((conversationId: number, userId: number, at: number, notice: string): MembershipChange | null => {
    const added = s
      .sql(
        `INSERT INTO members (conversation_id, user_id, last_read_seq, joined_at)
         SELECT id, ?, last_seq, ? FROM conversations WHERE id = ? ON CONFLICT DO NOTHING`,
      )
      .run(userId, at, conversationId);
    if (added.changes === 0) return null;
    const changes = postNotices(s, conversationId, [{ authorId: userId, body: notice }], at)!;
    // The newcomer has seen everything up to and including their own notice.
    s.sql('UPDATE members SET last_read_seq = ? WHERE conversation_id = ? AND user_id = ?').run(
      changes.messages[0]!.seq,
      conversationId,
      userId,
    );
    return { conversation: findOne(s, 'c.id = ?', conversationId)!, membership: membership(conversationId, userId)!, changes };
  });

  const leave = s.db.transaction((conversationId: number, userId: number, at: number, notice: string): MembershipChange | null => {
    const was = membership(conversationId, userId);
    if (!was) return null;
    s.sql('DELETE FROM members WHERE conversation_id = ? AND user_id = ?').run(conversationId, userId);
    s.sql(`UPDATE conversations SET dm_key = NULL WHERE id = ? AND kind = 'dm'`).run(conversationId);
    const changes = postNotices(s, conversationId, [{ authorId: userId, body: notice }], at)!;
    return { conversation: findOne(s, 'c.id = ?', conversationId)!, membership: was, changes };
  });

  const update = s.db.transaction((id: number, change: ConversationChange, notices: Notice[], at: number) => {
    if (change.archived !== undefined) s.sql('UPDATE conversations SET archived_at = ? WHERE id = ?').run(change.archived ? at : null, id);
    if (change.announcement !== undefined) s.sql('UPDATE conversations SET announcement = ? WHERE id = ?').run(change.announcement ? 1 : 0, id);
    if (change.retentionDays !== undefined) s.sql('UPDATE conversations SET retention_days = ? WHERE id = ?').run(change.retentionDays, id);
    if (change.name !== undefined) {
      // Only public channels reserve their names (see storage.ts, publicNameTaken).
      s.sql(
        `UPDATE conversations SET name = ?, name_key = CASE WHEN kind = 'public' THEN ? END,
           name_skeleton = CASE WHEN kind = 'public' THEN ? END WHERE id = ?`,
      ).run(change.name, change.name.toLowerCase(), channelNameKey(change.name), id);
    }
    if (change.topic !== undefined) s.sql('UPDATE conversations SET topic = ? WHERE id = ?').run(change.topic, id);
    const changes = postNotices(s, id, notices, at);
    const conversation = findOne(s, 'c.id = ?', id);
    if (!conversation) throw new Error(`conversation ${id} does not exist`);
    return { conversation, changes };
  });

  // Messages, reactions, versions, thread positions and memberships go with it (ON DELETE CASCADE).
  const remove = s.db.transaction((id: number): boolean => {
    s.sql('UPDATE users SET last_conversation_id = NULL WHERE last_conversation_id = ?').run(id);
    return s.sql('DELETE FROM conversations WHERE id = ?').run(id).changes > 0;
  });

  const { findMembers, mentionCount } = mentionStore(s);
  return {
    findMembers,
    mentionCount,
    async createConversation(input) {
      return findOne(s, 'c.id = ?', unique(() => create.immediate(input))) as Conversation;
    },
    getConversation: async (id) => findOne(s, 'c.id = ?', id),
    publicNameTaken: async (name, exceptId) =>
      s.sql(`SELECT 1 FROM conversations WHERE kind = 'public' AND name_skeleton = ? AND id <> ?`).get(channelNameKey(name), exceptId ?? 0) !==
      undefined,
    deleteConversation: async (id) => remove.immediate(id),
    async setHidden(conversationId, userId, hidden) {
      s.sql(
        `UPDATE members SET hidden_seq = CASE WHEN ? THEN (SELECT last_seq FROM conversations WHERE id = ?) END
         WHERE conversation_id = ? AND user_id = ?`,
      ).run(hidden ? 1 : 0, conversationId, conversationId, userId);
      return membership(conversationId, userId);
    },
    async setNotifyPreferences(conversationId, userId, { notify, muted }) {
      s.sql('UPDATE members SET notify = ?, muted = ? WHERE conversation_id = ? AND user_id = ?').run(notify, muted ? 1 : 0, conversationId, userId);
      return membership(conversationId, userId);
    },
    findDm: async (dmKey) => findOne(s, 'c.dm_key = ?', dmKey),
    updateConversation: async (id, change, notices, at) => unique(() => update.immediate(id, change, notices, at)),
    async listMemberConversations(userId) {
      const rows = s
        .sql(`${VIEW_FROM} WHERE me.user_id IS NOT NULL ORDER BY c.kind = 'dm', coalesce(c.name_key, lower(c.name)), c.id`)
        .all(userId) as ViewRow[];
      return views(rows);
    },
    async listPublicChannels(userId, page) {
      const rows = s
        .sql(
          `${VIEW_FROM} WHERE c.kind = 'public' AND c.name_key >= ? AND c.name_key < ? AND c.name_key > ?
           ORDER BY c.name_key LIMIT ?`,
        )
        .all(userId, ...keyRange(page), page.limit + 1) as ViewRow[];
      return toPage(rows, page.limit, (row) => row.name_key ?? '', (row) => views([row])[0]!);
    },
    async listMemberConversationIds(userId) {
      const rows = s.sql('SELECT conversation_id FROM members WHERE user_id = ?').all(userId) as { conversation_id: number }[];
      return rows.map((row) => row.conversation_id);
    },
    getMembership: async (conversationId, userId) => membership(conversationId, userId),
    async postingRights(conversationId, userId) {
      const row = s
        .sql(
          `SELECT c.archived_at, c.announcement, m.blocked FROM members m JOIN conversations c ON c.id = m.conversation_id
           WHERE m.conversation_id = ? AND m.user_id = ?`,
        )
        .get(conversationId, userId) as { archived_at: number | null; announcement: 0 | 1; blocked: 0 | 1 } | undefined;
      return row ? { archived: row.archived_at !== null, announcement: row.announcement === 1, blocked: row.blocked === 1 } : null;
    },
    joinConversation: async (conversationId, userId, at, notice) => join.immediate(conversationId, userId, at, notice),
    leaveConversation: async (conversationId, userId, at, notice) => leave.immediate(conversationId, userId, at, notice),
    async listMembers(conversationId, page) {
      const rows = s
        .sql(
          `SELECT ${USER_COLUMNS}, u.username_key FROM members m JOIN users u ON u.id = m.user_id
           WHERE m.conversation_id = ? AND u.username_key >= ? AND u.username_key < ? AND u.username_key > ?
           ORDER BY u.username_key LIMIT ?`,
        )
        .all(conversationId, ...keyRange(page), page.limit + 1) as (UserRow & { username_key: string })[];
      return toPage(rows, page.limit, (row) => row.username_key, toUser);
    },
    async listMemberIds(conversationId) {
      const rows = s.sql('SELECT user_id FROM members WHERE conversation_id = ?').all(conversationId) as { user_id: number }[];
      return rows.map((row) => row.user_id);
    },
    async setReadPosition(conversationId, userId, seq) {
      const row = s
        .sql(
          `UPDATE members SET last_read_seq = max(last_read_seq,
             min(?, (SELECT last_seq FROM conversations WHERE id = ?)))
           WHERE conversation_id = ? AND user_id = ? RETURNING last_read_seq`,
        )
        .get(seq, conversationId, conversationId, userId) as { last_read_seq: number } | undefined;
      return row?.last_read_seq ?? null;
    },
  };
}
