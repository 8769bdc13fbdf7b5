// Versioned schema steps. Append new steps; never edit one that has shipped.
// Every id, seq and timestamp (ms since epoch) is bigint; rows.ts turns them back into numbers.
import pg from 'pg';
import { keysForExistingChannels } from '../channel-name-keys.js';
import { transaction } from './db.js';

export interface Migration {
  version: number;
  sql: string;
  /** Code to run after `sql`, in the same transaction, for a step SQL alone cannot do. */
  then?: (client: pg.PoolClient) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE users (
        id bigserial PRIMARY KEY,
        username text NOT NULL,
        password_hash text NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE UNIQUE INDEX users_username_key ON users (lower(username));

      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at bigint NOT NULL
      );
      CREATE INDEX sessions_user_id_idx ON sessions (user_id);

      CREATE TABLE conversations (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('public', 'private', 'dm')),
        name text NOT NULL,
        topic text NOT NULL DEFAULT '',
        created_by bigint NOT NULL,                 -- 0: created by Flack itself (#general)
        created_at bigint NOT NULL,
        last_seq bigint NOT NULL DEFAULT 0,
        dm_key text CONSTRAINT conversations_dm_key_key UNIQUE
      );
      -- DMs all have the name '', so only channels take part in name uniqueness.
      CREATE UNIQUE INDEX conversations_name_key ON conversations (lower(name)) WHERE kind <> 'dm';

      CREATE TABLE members (
        conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        last_read_seq bigint NOT NULL DEFAULT 0,
        joined_at bigint NOT NULL,
        PRIMARY KEY (conversation_id, user_id)
      );
      CREATE INDEX members_user_id_idx ON members (user_id);

      CREATE TABLE messages (
        id bigserial PRIMARY KEY,
        conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('user', 'system')),
        author_id bigint NOT NULL REFERENCES users (id),
        body text NOT NULL,
        client_id text,
        created_at bigint NOT NULL,
        CONSTRAINT messages_seq_key UNIQUE (conversation_id, seq),
        CONSTRAINT messages_client_id_key UNIQUE (author_id, client_id)
      );

      ALTER TABLE users ADD COLUMN last_conversation_id bigint REFERENCES conversations (id) ON DELETE SET NULL;
    `,
  },
  {
    version: 2,
    sql: `ALTER TABLE users ADD COLUMN deactivated_at bigint; -- set when the account is deleted`,
  },
  {
    version: 3,
    // The change log: a clock per conversation (ticked once per change, in its transaction), edits, deletions
    // (tombstones: body '' and no reactions), reactions, and threads (a reply's seq counts within its thread:
    // seqs are unique per conversation and thread, thread_id 0 for top-level messages).
    sql: `
      ALTER TABLE conversations ADD COLUMN clock bigint NOT NULL DEFAULT 0;
      UPDATE conversations SET clock = last_seq;
      ALTER TABLE messages ADD COLUMN clock bigint NOT NULL DEFAULT 0, ADD COLUMN created_clock bigint NOT NULL DEFAULT 0;
      UPDATE messages SET clock = seq, created_clock = seq;
      ALTER TABLE messages
        ADD COLUMN edited_at bigint,
        ADD COLUMN deleted_at bigint,
        ADD COLUMN thread_id bigint NOT NULL DEFAULT 0,
        ADD COLUMN reply_count bigint NOT NULL DEFAULT 0,
        ADD COLUMN reaction_count integer NOT NULL DEFAULT 0,
        ADD COLUMN last_reply_at bigint,
        DROP CONSTRAINT messages_seq_key,
        ADD CONSTRAINT messages_seq_key UNIQUE (conversation_id, thread_id, seq);
      -- Only messages changed after they were created: a new message (the hot path) writes no entry here.
      CREATE INDEX messages_changed_idx ON messages (conversation_id, clock) WHERE clock <> created_clock;
      CREATE INDEX messages_thread_idx ON messages (thread_id, seq) WHERE thread_id <> 0;
      CREATE TABLE message_versions (
        id bigserial PRIMARY KEY,
        message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        body text NOT NULL,
        replaced_at bigint NOT NULL
      );
      CREATE INDEX message_versions_message_id_idx ON message_versions (message_id);
      CREATE TABLE reactions (
        message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        emoji text NOT NULL,
        user_id bigint NOT NULL REFERENCES users (id),
        created_at bigint NOT NULL,
        PRIMARY KEY (message_id, emoji, user_id)
      );
      CREATE TABLE thread_reads (
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        root_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        conversation_id bigint NOT NULL,
        last_read_seq bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, root_id)
      );
    `,
  },
  {
    // Look-alike channel names collide: name_skeleton (src/shared/channel-name-key.ts), unique; NULL for DMs.
    version: 4,
    sql: `
      ALTER TABLE conversations ADD COLUMN name_skeleton text;
      CREATE UNIQUE INDEX conversations_name_skeleton_key ON conversations (name_skeleton);
    `,
    async then(client) {
      const { rows } = await client.query<{ id: string; name: string }>(`SELECT id, name FROM conversations WHERE kind <> 'dm'`);
      const keys = keysForExistingChannels(rows.map((row) => ({ id: Number(row.id), name: row.name })));
      await client.query(
        `UPDATE conversations c SET name_skeleton = k.key
         FROM unnest($1::bigint[], $2::text[]) AS k(id, key) WHERE c.id = k.id`,
        [keys.map((k) => k.id), keys.map((k) => k.key)],
      );
    },
  },
  {
    version: 5,
    // Hidden DMs (hidden while last_seq <= hidden_seq), blocks, and DMs of two where one blocked the other.
    sql: `
      ALTER TABLE members ADD COLUMN hidden_seq bigint, ADD COLUMN blocked boolean NOT NULL DEFAULT false;
      CREATE TABLE blocks (
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        blocked_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at bigint NOT NULL,
        PRIMARY KEY (user_id, blocked_id)
      );
    `,
  },
  {
    version: 6,
    // Only public channels reserve names: a private channel's name must not be learnable by trying to take it.
    sql: `
      DROP INDEX conversations_name_key;
      CREATE UNIQUE INDEX conversations_name_key ON conversations (lower(name)) WHERE kind = 'public';
      UPDATE conversations SET name_skeleton = NULL WHERE kind = 'private';
    `,
  },
  {
    version: 7,
    // Mentions, found by the server and counted per reader (src/core/mentions.ts). messages.mentions: the JSON of
    // the message's mentions fields as sent (NULL: none). A mentions row per user named or online for @here, and
    // one with user_id 0 for @channel ("every member"); seq is the message's own (in its thread for a reply).
    sql: `
      ALTER TABLE messages ADD COLUMN mentions text;
      CREATE TABLE mentions (
        message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        user_id bigint NOT NULL,
        conversation_id bigint NOT NULL,
        thread_id bigint NOT NULL,
        seq bigint NOT NULL,
        author_id bigint NOT NULL,
        PRIMARY KEY (message_id, user_id)
      );
      CREATE INDEX mentions_unread_idx ON mentions (conversation_id, thread_id, user_id, seq);
    `,
  },
  {
    version: 8,
    // Member counts kept on the conversation by a trigger (cascades from deleted users count too): snapshots and
    // channel pages used to count each conversation's members, 10,000 index entries for a big #general.
    sql: `
      ALTER TABLE conversations ADD COLUMN member_count bigint NOT NULL DEFAULT 0;
      UPDATE conversations c SET member_count = (SELECT count(*) FROM members m WHERE m.conversation_id = c.id);
      CREATE FUNCTION count_members() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE conversations SET member_count = member_count + 1 WHERE id = NEW.conversation_id;
        ELSE
          UPDATE conversations SET member_count = member_count - 1 WHERE id = OLD.conversation_id;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER members_counted AFTER INSERT OR DELETE ON members FOR EACH ROW EXECUTE FUNCTION count_members();
    `,
  },
  {
    version: 9,
    // Full-text search (src/storage/postgres/search.ts): a pg_trgm GIN index of the folded bodies (lower case, no
    // accents) of user messages that are not deleted, which LIKE '%…%' on the same expression uses. The index is kept
    // by PostgreSQL in the same transaction as every insert, edit and deletion. unaccent() itself is only STABLE (it
    // reads a dictionary found by search_path); naming the dictionary makes the wrapper safe to declare IMMUTABLE.
    // Extensions belong to the database, not to a schema: several schemas migrating at once take turns creating them.
    sql: `
      SELECT pg_advisory_xact_lock(hashtextextended('flack.migrate.extensions', 0));
      CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
      CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
      CREATE FUNCTION flack_search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
      CREATE INDEX messages_search_idx ON messages USING gin (flack_search_fold(body) public.gin_trgm_ops)
        WHERE kind = 'user' AND deleted_at IS NULL;
    `,
  },
  {
    version: 10,
    // Notification preferences per member (NULL: the default for the kind of conversation) and mute.
    sql: `
      ALTER TABLE members ADD COLUMN notify text CHECK (notify IN ('all', 'mentions', 'nothing')),
        ADD COLUMN muted boolean NOT NULL DEFAULT false;
    `,
  },
  {
    version: 11,
    // Drafts, per user, conversation and thread (0: the conversation itself), for the user's other devices.
    sql: `
      CREATE TABLE drafts (
        user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        conversation_id bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        thread_id bigint NOT NULL,
        body text NOT NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (user_id, conversation_id, thread_id)
      );
    `,
  },
  {
    version: 12,
    // Files: one row per upload, owned by its uploader until a message carries it; the message keeps the JSON of
    // its FileInfo list, so a page of history costs no query of this table, and their names (one a line) for search,
    // in a trigram index of their own beside the bodies'.
    sql: `
      ALTER TABLE messages ADD COLUMN files text;
      ALTER TABLE messages ADD COLUMN file_names text;
      CREATE INDEX messages_file_names_idx ON messages USING gin (flack_search_fold(file_names) public.gin_trgm_ops)
        WHERE kind = 'user' AND deleted_at IS NULL AND file_names IS NOT NULL;
      CREATE TABLE files (
        id text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        message_id bigint REFERENCES messages(id) ON DELETE CASCADE,
        conversation_id bigint,
        name text NOT NULL,
        size bigint NOT NULL,
        type text NOT NULL,
        width integer,
        height integer,
        created_at bigint NOT NULL
      );
      CREATE INDEX files_by_message ON files(message_id);
      CREATE INDEX files_by_user ON files(user_id);
      CREATE INDEX files_unsent ON files(created_at) WHERE message_id IS NULL;
    `,
  },
  {
    version: 13,
    // Default notification levels per user, for DMs and for channels (NULL: the built-in default).
    sql: `
      ALTER TABLE users ADD COLUMN notify_dm text CHECK (notify_dm IN ('all', 'mentions', 'nothing'));
      ALTER TABLE users ADD COLUMN notify_channel text CHECK (notify_channel IN ('all', 'mentions', 'nothing'));
    `,
  },
  {
    // Running a team (src/storage/workspace-store.ts): roles, settings, invite links, the audit log. An existing
    // install's oldest active account becomes its owner and sign-up stays open; a fresh one is invite-only after
    // its first account.
    version: 14,
    sql: `
      ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'guest'));
      UPDATE users SET role = 'owner' WHERE id = (SELECT min(id) FROM users WHERE deactivated_at IS NULL);
      CREATE TABLE workspace (
        id integer PRIMARY KEY CHECK (id = 1),
        name text NOT NULL,
        signup_mode text NOT NULL CHECK (signup_mode IN ('open', 'invite', 'closed')),
        version bigint NOT NULL
      );
      INSERT INTO workspace (id, name, signup_mode, version)
      SELECT 1, 'Flack', CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'open' ELSE 'invite' END, 1;
      CREATE TABLE invites (
        id bigserial PRIMARY KEY,
        token text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('member', 'guest')),
        channel_ids text NOT NULL,                -- JSON array of conversation ids, as in SQLite
        created_by bigint NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        max_uses integer NOT NULL,
        uses integer NOT NULL DEFAULT 0,
        revoked_at bigint
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at bigint NOT NULL,
        actor_id bigint,
        action text NOT NULL,
        target_user_id bigint,
        detail text NOT NULL                      -- JSON object
      );
    `,
  },
  {
    // Sessions and devices (last use, browser; idle ones expire) and one-time password reset links, stored hashed.
    version: 15,
    sql: `
      ALTER TABLE sessions ADD COLUMN last_seen_at bigint NOT NULL DEFAULT 0;
      ALTER TABLE sessions ADD COLUMN user_agent text NOT NULL DEFAULT '';
      UPDATE sessions SET last_seen_at = (extract(epoch FROM now()) * 1000)::bigint; -- the upgrade signs nobody out
      CREATE TABLE password_resets (
        token_hash text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_by bigint NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint
      );
    `,
  },
  {
    // Archived channels (read-only, out of the sidebar, still searchable); announcement channels (only admins post).
    version: 16,
    sql: `
      ALTER TABLE conversations ADD COLUMN archived_at bigint;
      ALTER TABLE conversations ADD COLUMN announcement boolean NOT NULL DEFAULT false;
    `,
  },
  {
    // Message retention (src/core/retention.ts): the workspace's default and a channel's own (NULL: keep forever).
    version: 17,
    sql: `
      ALTER TABLE workspace ADD COLUMN retention_days integer;
      ALTER TABLE conversations ADD COLUMN retention_days integer;
    `,
  },
  {
    // The workspace's icon (an emoji or two letters; '' the Flack logo) and its upload limit (NULL: MAX_UPLOAD_MB).
    version: 18,
    sql: `
      ALTER TABLE workspace ADD COLUMN icon text NOT NULL DEFAULT '';
      ALTER TABLE workspace ADD COLUMN max_upload_mb double precision;
    `,
  },
  {
    // Bot accounts and incoming webhooks (src/shared/integrations.ts): a user row marked with its avatar colour
    // (NULL: a person), and its token, stored hashed like a session's.
    version: 19,
    sql: `
      ALTER TABLE users ADD COLUMN bot_colour text;
      CREATE TABLE bots (
        user_id bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('bot', 'webhook')),
        token_hash text NOT NULL UNIQUE,
        channel_id bigint REFERENCES conversations(id) ON DELETE SET NULL,
        created_by bigint NOT NULL,
        created_at bigint NOT NULL,
        token_issued_at bigint NOT NULL,
        last_used_at bigint
      );
      CREATE INDEX bots_by_kind ON bots (kind);
    `,
  },
  {
    // Outgoing webhooks (src/storage/outgoing-store.ts): hooks, a cursor per hook and conversation over message ids,
    // and deliveries as a queue, one row per (hook, message).
    version: 20,
    sql: `
      CREATE TABLE outgoing_hooks (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        url text NOT NULL,
        channel_id bigint REFERENCES conversations (id) ON DELETE CASCADE, -- NULL: every public channel
        trigger text NOT NULL CHECK (trigger IN ('message', 'mention', 'words', 'command')),
        words text NOT NULL,
        poster_user_id bigint NOT NULL REFERENCES users (id),
        secret text NOT NULL, -- as-is: it signs every delivery
        enabled boolean NOT NULL DEFAULT true,
        start_message_id bigint NOT NULL, -- messages up to this one were there before the hook
        created_by bigint NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE TABLE outgoing_cursors (
        hook_id bigint NOT NULL REFERENCES outgoing_hooks (id) ON DELETE CASCADE,
        conversation_id bigint NOT NULL,
        message_id bigint NOT NULL, -- the last message looked at
        PRIMARY KEY (hook_id, conversation_id)
      );
      CREATE TABLE outgoing_deliveries (
        id bigserial PRIMARY KEY,
        hook_id bigint NOT NULL REFERENCES outgoing_hooks (id) ON DELETE CASCADE,
        message_id bigint NOT NULL, -- no foreign key: the log outlives a deleted message
        conversation_id bigint NOT NULL,
        thread_root_id bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint,
        lease_until bigint,
        lease_token text,
        last_status integer,
        last_error text,
        payload text NOT NULL, -- the exact body, signed anew at each attempt
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        CONSTRAINT outgoing_deliveries_once UNIQUE (hook_id, message_id)
      );
      CREATE INDEX outgoing_due ON outgoing_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX outgoing_by_hook ON outgoing_deliveries (hook_id, status, id);
    `,
  },
  {
    // Web Push (src/storage/push-store.ts): the VAPID key pair (one row) and each device's subscription, which ends
    // with the session that made it.
    version: 21,
    sql: `
      CREATE TABLE push_keys (
        id integer PRIMARY KEY CHECK (id = 1),
        public_key text NOT NULL,
        private_key text NOT NULL
      );
      CREATE TABLE push_subscriptions (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL REFERENCES sessions (token_hash) ON DELETE CASCADE,
        endpoint text NOT NULL UNIQUE,
        p256dh text NOT NULL,
        auth text NOT NULL,
        user_agent text NOT NULL,
        created_at bigint NOT NULL,
        last_success_at bigint
      );
      CREATE INDEX push_subscriptions_by_user ON push_subscriptions (user_id);
      CREATE INDEX push_subscriptions_by_session ON push_subscriptions (token_hash);
    `,
  },
  {
    // A reply also sent to the channel (src/storage/channel-copy.ts): the reply and its copy in the top level point
    // at each other; the copy also names its thread.
    version: 22,
    sql: `
      ALTER TABLE messages ADD COLUMN broadcast_id bigint;
      ALTER TABLE messages ADD COLUMN broadcast_root bigint;
    `,
  },
];

/**
 * Applies pending steps in one transaction. The transaction-scoped advisory lock (keyed by schema) makes nodes that
 * start together queue up: the first applies the steps, the others then find them recorded and do nothing.
 */
export async function migrate(pool: pg.Pool, schema: string | null): Promise<void> {
  // Two steps with one version (branches that each appended one) would skip the second without a word.
  const versions = MIGRATIONS.map((step) => step.version);
  if (new Set(versions).size !== versions.length) throw new Error(`duplicate migration versions: ${versions.join(', ')}`);
  await transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`flack.migrate.${schema ?? ''}`]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const step of MIGRATIONS) {
      if (applied.has(step.version)) continue;
      await client.query(step.sql);
      await step.then?.(client);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [step.version]);
    }
  });
}
