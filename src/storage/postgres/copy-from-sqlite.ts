// One-way move of a SQLite install into an empty PostgreSQL database, keeping every id, seq, session, membership
// and read position, so existing links, client caches and signed-in devices keep working. Run with Flack stopped.
import Database from 'better-sqlite3';
import type pg from 'pg';
import { SQLITE_MIGRATIONS } from '../sqlite/migrations.js';
import { createPool, transaction } from './db.js';
import { migrate } from './migrations.js';

interface Step {
  name: string;
  /** SQLite query; its columns are, in order, the parameters of `write` (as arrays). */
  read: string;
  write: string;
}

/** The same table and column names on both sides (see ../sqlite/migrations.ts). */
function copy(table: string, columns: Record<string, 'bigint' | 'text' | 'bool'>): Step {
  const names = Object.keys(columns).join(', ');
  const arrays = Object.values(columns).map((type, i) => `$${i + 1}::${type}[]`);
  return {
    name: table,
    read: `SELECT ${names} FROM ${table}`,
    write: `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays.join(', ')})`,
  };
}

// In dependency order. users.last_conversation_id comes last, once the conversations exist.
const STEPS: readonly Step[] = [
  copy('users', {
    id: 'bigint',
    username: 'text',
    password_hash: 'text',
    created_at: 'bigint',
    deactivated_at: 'bigint',
    notify_dm: 'text',
    notify_channel: 'text',
    role: 'text',
    bot_colour: 'text',
  }),
  copy('conversations', {
    id: 'bigint',
    kind: 'text',
    name: 'text',
    name_skeleton: 'text',
    topic: 'text',
    created_by: 'bigint',
    created_at: 'bigint',
    last_seq: 'bigint',
    dm_key: 'text',
    clock: 'bigint',
    archived_at: 'bigint',
    announcement: 'bool',
    retention_days: 'bigint',
  }),
  copy('members', {
    conversation_id: 'bigint',
    user_id: 'bigint',
    last_read_seq: 'bigint',
    joined_at: 'bigint',
    hidden_seq: 'bigint',
    blocked: 'bool',
    notify: 'text',
    muted: 'bool',
  }),
  copy('bots', {
    user_id: 'bigint',
    kind: 'text',
    token_hash: 'text',
    channel_id: 'bigint',
    created_by: 'bigint',
    created_at: 'bigint',
    token_issued_at: 'bigint',
    last_used_at: 'bigint',
  }),
  copy('blocks', { user_id: 'bigint', blocked_id: 'bigint', created_at: 'bigint' }),
  copy('drafts', { user_id: 'bigint', conversation_id: 'bigint', thread_id: 'bigint', body: 'text', updated_at: 'bigint' }),
  copy('sessions', { token_hash: 'text', user_id: 'bigint', created_at: 'bigint', last_seen_at: 'bigint', user_agent: 'text' }),
  copy('password_resets', { token_hash: 'text', user_id: 'bigint', created_by: 'bigint', created_at: 'bigint', expires_at: 'bigint', used_at: 'bigint' }),
  copy('messages', {
    id: 'bigint',
    conversation_id: 'bigint',
    seq: 'bigint',
    kind: 'text',
    author_id: 'bigint',
    body: 'text',
    client_id: 'text',
    created_at: 'bigint',
    clock: 'bigint',
    created_clock: 'bigint',
    edited_at: 'bigint',
    deleted_at: 'bigint',
    thread_id: 'bigint',
    reply_count: 'bigint',
    reaction_count: 'bigint',
    last_reply_at: 'bigint',
    mentions: 'text',
    files: 'text',
    file_names: 'text',
    broadcast_id: 'bigint',
    broadcast_root: 'bigint',
  }),
  copy('message_versions', { message_id: 'bigint', body: 'text', replaced_at: 'bigint' }),
  copy('reactions', { message_id: 'bigint', emoji: 'text', user_id: 'bigint', created_at: 'bigint' }),
  copy('thread_reads', { user_id: 'bigint', root_id: 'bigint', conversation_id: 'bigint', last_read_seq: 'bigint' }),
  copy('mentions', {
    message_id: 'bigint',
    user_id: 'bigint',
    conversation_id: 'bigint',
    thread_id: 'bigint',
    seq: 'bigint',
    author_id: 'bigint',
  }),
  copy('files', {
    id: 'text',
    user_id: 'bigint',
    message_id: 'bigint',
    conversation_id: 'bigint',
    name: 'text',
    size: 'bigint',
    type: 'text',
    width: 'bigint',
    height: 'bigint',
    created_at: 'bigint',
  }),
  {
    name: 'workspace',
    // The target's migration made the one row already (for an empty install): it takes the source's values.
    read: 'SELECT name, signup_mode, version, retention_days, icon, max_upload_mb FROM workspace',
    write: `UPDATE workspace SET name = v.name, signup_mode = v.signup_mode, version = v.version, retention_days = v.retention_days,
        icon = v.icon, max_upload_mb = v.max_upload_mb
      FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::float8[])
        AS v(name, signup_mode, version, retention_days, icon, max_upload_mb)
      WHERE workspace.id = 1`,
  },
  copy('invites', {
    id: 'bigint',
    token: 'text',
    role: 'text',
    channel_ids: 'text',
    created_by: 'bigint',
    created_at: 'bigint',
    expires_at: 'bigint',
    max_uses: 'bigint',
    uses: 'bigint',
    revoked_at: 'bigint',
  }),
  copy('audit_log', { id: 'bigint', at: 'bigint', actor_id: 'bigint', action: 'text', target_user_id: 'bigint', detail: 'text' }),
  // Outgoing webhooks with their cursors and queue: a moved install neither sends an event again nor skips one.
  copy('outgoing_hooks', {
    id: 'bigint',
    name: 'text',
    url: 'text',
    channel_id: 'bigint',
    trigger: 'text',
    words: 'text',
    poster_user_id: 'bigint',
    secret: 'text',
    enabled: 'bool',
    start_message_id: 'bigint',
    created_by: 'bigint',
    created_at: 'bigint',
  }),
  copy('outgoing_cursors', { hook_id: 'bigint', conversation_id: 'bigint', message_id: 'bigint' }),
  copy('outgoing_deliveries', {
    id: 'bigint',
    hook_id: 'bigint',
    message_id: 'bigint',
    conversation_id: 'bigint',
    thread_root_id: 'bigint',
    status: 'text',
    attempts: 'bigint',
    next_attempt_at: 'bigint',
    lease_until: 'bigint',
    lease_token: 'text',
    last_status: 'bigint',
    last_error: 'text',
    payload: 'text',
    created_at: 'bigint',
    updated_at: 'bigint',
  }),
  copy('push_keys', { id: 'bigint', public_key: 'text', private_key: 'text' }),
  copy('push_subscriptions', {
    id: 'bigint',
    user_id: 'bigint',
    token_hash: 'text',
    endpoint: 'text',
    p256dh: 'text',
    auth: 'text',
    user_agent: 'text',
    created_at: 'bigint',
    last_success_at: 'bigint',
  }),
  {
    name: 'last conversations',
    // SQLite does not enforce this reference; a dangling one is dropped rather than failing the copy.
    read: 'SELECT u.id, u.last_conversation_id FROM users u JOIN conversations c ON c.id = u.last_conversation_id',
    write: `UPDATE users SET last_conversation_id = v.conversation_id
      FROM unnest($1::bigint[], $2::bigint[]) AS v(user_id, conversation_id) WHERE users.id = v.user_id`,
  },
];

const BATCH = 5000;

export type CopyCounts = Record<string, number>;

export async function copySqliteToPostgres(
  sqliteFile: string,
  databaseUrl: string,
  options: { schema?: string } = {},
): Promise<CopyCounts> {
  const source = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  const schema = options.schema ?? null;
  const pool = createPool(databaseUrl, schema);
  try {
    const version = source.pragma('user_version', { simple: true });
    if (version !== SQLITE_MIGRATIONS.length) {
      throw new Error(
        `${sqliteFile} is at schema version ${version}, not ${SQLITE_MIGRATIONS.length}: run this Flack version on it once first`,
      );
    }
    await migrate(pool, schema);
    // One read transaction: every table comes from the same moment even if a writer is (wrongly) still running.
    source.exec('BEGIN');
    return await transaction(pool, async (target) => {
      await target.query('LOCK TABLE users IN EXCLUSIVE MODE');
      const { rows } = await target.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      if (rows[0]!.n > 0) throw new Error('the PostgreSQL database already has users: refusing to copy into it');
      const counts: CopyCounts = {};
      for (const step of STEPS) counts[step.name] = await copyStep(source, target, step);
      for (const table of ['users', 'conversations', 'messages', 'invites', 'audit_log', 'outgoing_deliveries', 'push_subscriptions']) {
        await target.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE(max(id), 0) + 1, false) FROM ${table}`,
        );
      }
      // Hook ids are never reused (receivers keep delivery ids): past the highest SQLite ever gave, deleted ones too.
      const given = source.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outgoing_hooks'`).get() as { seq: number } | undefined;
      await target.query(
        `SELECT setval(pg_get_serial_sequence('outgoing_hooks', 'id'), greatest($1, COALESCE(max(id), 0)) + 1, false) FROM outgoing_hooks`,
        [given?.seq ?? 0],
      );
      return counts;
    });
  } finally {
    source.close();
    await pool.end();
  }
}

/** Streams the SQLite rows into PostgreSQL, BATCH rows per statement, as one array parameter per column. */
async function copyStep(source: Database.Database, target: pg.PoolClient, step: Step): Promise<number> {
  const read = source.prepare(step.read).raw();
  let columns: unknown[][] = read.columns().map(() => []);
  let count = 0;
  const flush = async () => {
    if (columns[0]!.length > 0) await target.query(step.write, columns);
    columns = columns.map(() => []);
  };
  for (const row of read.iterate() as Iterable<unknown[]>) {
    row.forEach((value, i) => columns[i]!.push(value));
    if (++count % BATCH === 0) await flush();
  }
  await flush();
  return count;
}
