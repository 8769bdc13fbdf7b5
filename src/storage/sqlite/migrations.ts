// Versioned schema for the embedded store. Append new steps; never edit a released one. A step is SQL, or a
// function for one that needs code (it runs inside the same transaction).
// Table and column names match the PostgreSQL schema so `npm run migrate-to-postgres` can copy rows as they are.
import type Database from 'better-sqlite3';
import { keysForExistingChannels } from '../channel-name-keys.js';

export type SqliteMigration = string | ((db: Database.Database) => void);

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  /* 1: initial schema */ `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,          -- lower-cased: usernames are unique ignoring case
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_conversation_id INTEGER
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,                -- SHA-256 of the token; the token itself is never stored
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('public', 'private', 'dm')),
    name TEXT NOT NULL,
    name_key TEXT UNIQUE,                       -- lower-cased channel name; NULL for DMs
    topic TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    dm_key TEXT UNIQUE                          -- sorted member ids of a DM
  );
  CREATE TABLE members (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX members_by_user ON members(user_id);
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'system')),
    author_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    client_id TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (author_id, client_id)               -- a retried send is recognised, never stored twice
  );
  `,
  /* 2: deleted accounts */ `
  ALTER TABLE users ADD COLUMN deactivated_at INTEGER;   -- set when the account is deleted
  `,
  /* 3: the change log — a clock per conversation, edits, deletions, reactions, threads */ `
  ALTER TABLE conversations ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;  -- ticks once per change, in its transaction
  UPDATE conversations SET clock = last_seq;                              -- history so far: one change per message
  -- Rebuilt, because a reply's seq counts within its thread: seqs are unique per (conversation, thread), with
  -- thread_id 0 for top-level messages. Nothing references messages yet, so the old table can simply go.
  CREATE TABLE messages_v3 (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL DEFAULT 0,       -- the root's id for a reply; 0 for a top-level message
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'system')),
    author_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    client_id TEXT,
    created_at INTEGER NOT NULL,
    clock INTEGER NOT NULL,                     -- the tick of the message's last change
    created_clock INTEGER NOT NULL,             -- the tick that created it (clock > created_clock: changed since)
    edited_at INTEGER,
    deleted_at INTEGER,                         -- a tombstone: body '' and no reactions
    reply_count INTEGER NOT NULL DEFAULT 0,     -- a root: its replies so far (the last reply's seq)
    reaction_count INTEGER NOT NULL DEFAULT 0,  -- rows in reactions: pages look reactions up only where there are some
    last_reply_at INTEGER,
    UNIQUE (conversation_id, thread_id, seq),
    UNIQUE (author_id, client_id)               -- a retried send is recognised, never stored twice
  );
  INSERT INTO messages_v3 (id, conversation_id, seq, kind, author_id, body, client_id, created_at, clock, created_clock)
    SELECT id, conversation_id, seq, kind, author_id, body, client_id, created_at, seq, seq FROM messages;
  DROP TABLE messages;
  ALTER TABLE messages_v3 RENAME TO messages;
  -- Only messages changed after they were created: a new message (the hot path) writes no entry here; catch-up
  -- finds new messages by seq instead (change-log.ts).
  CREATE INDEX messages_changed ON messages(conversation_id, clock) WHERE clock <> created_clock;
  CREATE INDEX messages_by_thread ON messages(thread_id, seq) WHERE thread_id <> 0;
  CREATE TABLE message_versions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    replaced_at INTEGER NOT NULL
  );
  CREATE INDEX message_versions_by_message ON message_versions(message_id);
  CREATE TABLE reactions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    emoji TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE thread_reads (                   -- who follows a thread, and how far they have read it
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    root_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, root_id)
  ) WITHOUT ROWID;
  `,
  /* look-alike channel names collide: name_skeleton (src/shared/channel-name-key.ts), unique; NULL for DMs */ (db) => {
    db.exec(`ALTER TABLE conversations ADD COLUMN name_skeleton TEXT;
      CREATE UNIQUE INDEX conversations_name_skeleton ON conversations (name_skeleton);`);
    const channels = db.prepare(`SELECT id, name FROM conversations WHERE kind <> 'dm'`).all() as { id: number; name: string }[];
    const set = db.prepare('UPDATE conversations SET name_skeleton = ? WHERE id = ?');
    for (const { id, key } of keysForExistingChannels(channels)) set.run(key, id);
  },
  /* 5: hidden DMs, blocks */ `
  ALTER TABLE members ADD COLUMN hidden_seq INTEGER;                   -- hidden while the last_seq <= hidden_seq
  ALTER TABLE members ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;   -- a DM of two where one blocked the other
  CREATE TABLE blocks (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    blocked_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, blocked_id)
  ) WITHOUT ROWID;
  `,
  /* 6: only public channels reserve names: a private channel's name must not be learnable by trying it */ `
  UPDATE conversations SET name_key = NULL, name_skeleton = NULL WHERE kind = 'private';
  `,
  /* 7: mentions, found by the server and counted per reader (src/core/mentions.ts) */ `
  ALTER TABLE messages ADD COLUMN mentions TEXT;   -- JSON of the message's mentions fields as sent; NULL: none
  CREATE TABLE mentions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,                     -- 0: every member (@channel); otherwise by name or @here
    conversation_id INTEGER NOT NULL,
    thread_id INTEGER NOT NULL,                   -- as in messages: 0 top-level, the root's id for a reply
    seq INTEGER NOT NULL,                         -- the message's seq (in its thread for a reply)
    author_id INTEGER NOT NULL,                   -- an author's own @channel never counts for them
    PRIMARY KEY (message_id, user_id)
  ) WITHOUT ROWID;
  -- Unread mentions of one reader: user_id IN (reader, 0) past a read position, per conversation or thread.
  CREATE INDEX mentions_unread ON mentions(conversation_id, thread_id, user_id, seq);
  `,
  /* 8: member counts kept on the conversation, by triggers (so cascades from deleted users count too): every
     snapshot and channel page used to count each conversation's members, 10,000 index entries for a big #general */ `
  ALTER TABLE conversations ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
  UPDATE conversations SET member_count = (SELECT count(*) FROM members m WHERE m.conversation_id = conversations.id);
  CREATE TRIGGER members_counted_in AFTER INSERT ON members BEGIN
    UPDATE conversations SET member_count = member_count + 1 WHERE id = NEW.conversation_id;
  END;
  CREATE TRIGGER members_counted_out AFTER DELETE ON members BEGIN
    UPDATE conversations SET member_count = member_count - 1 WHERE id = OLD.conversation_id;
  END;
  `,
  /* 9: full-text search (src/storage/sqlite/search.ts): the bodies of user messages that are not deleted, in an FTS5
     index of trigrams (any substring of 3 characters or more, ignoring case and accents), kept in step with
     messages by triggers, so in the same transaction as the insert, edit, deletion or cascade that changed them.
     Contentless: it holds only the index, not a second copy of every body; contentless_delete lets a trigger remove
     a row by id alone. */ `
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'trigram remove_diacritics 1'
  );
  INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE kind = 'user' AND deleted_at IS NULL;
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN NEW.kind = 'user' AND NEW.deleted_at IS NULL BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (NEW.id, NEW.body);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF body, deleted_at ON messages
  WHEN OLD.body IS NOT NEW.body OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id;
    INSERT INTO messages_fts (rowid, body) SELECT NEW.id, NEW.body WHERE NEW.kind = 'user' AND NEW.deleted_at IS NULL;
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id;
  END;
  `,
  /* 10: notification preferences per member (NULL: the default for the kind of conversation) and mute */ `
  ALTER TABLE members ADD COLUMN notify TEXT CHECK (notify IN ('all', 'mentions', 'nothing'));
  ALTER TABLE members ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
  `,
  /* 11: drafts, per user, conversation and thread (0: the conversation itself), for the user's other devices */ `
  CREATE TABLE drafts (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, conversation_id, thread_id)
  ) WITHOUT ROWID;
  `,
  /* 12: files (src/server/files/): one row per upload, owned by its uploader until a message carries it; the
     message keeps the JSON of its FileInfo list, so a page of history costs no query of this table */ `
  ALTER TABLE messages ADD COLUMN files TEXT;     -- JSON of Message.files; NULL: none
  ALTER TABLE messages ADD COLUMN file_names TEXT; -- the files' names, one a line, for search; NULL: none
  -- Search finds a message by its files' names too: the index holds the body and the names (set after the insert).
  DROP TRIGGER messages_fts_update;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF body, deleted_at, file_names ON messages
  WHEN OLD.body IS NOT NEW.body OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.file_names IS NOT NEW.file_names BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id;
    INSERT INTO messages_fts (rowid, body) SELECT NEW.id, NEW.body || coalesce(char(10) || NEW.file_names, '')
    WHERE NEW.kind = 'user' AND NEW.deleted_at IS NULL;
  END;
  CREATE TABLE files (
    id TEXT PRIMARY KEY,                          -- random (128 bits): the name in the file store and in the URL
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,  -- NULL until sent
    conversation_id INTEGER,                      -- the message's, for the access check of a download
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,                           -- sniffed from the bytes
    width INTEGER,                                -- images with a preview
    height INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX files_by_message ON files(message_id);
  CREATE INDEX files_by_user ON files(user_id);
  CREATE INDEX files_unsent ON files(created_at) WHERE message_id IS NULL;
  `,
  /* 13: default notification levels per user, for DMs and for channels (NULL: the built-in default) */ `
  ALTER TABLE users ADD COLUMN notify_dm TEXT CHECK (notify_dm IN ('all', 'mentions', 'nothing'));
  ALTER TABLE users ADD COLUMN notify_channel TEXT CHECK (notify_channel IN ('all', 'mentions', 'nothing'));
  `,
  /* 14: running a team (src/storage/workspace-store.ts): roles, the workspace's settings, invite links, the audit
     log. An existing install's oldest active account becomes its owner and sign-up stays open (a fresh install's
     default after its first account is invite-only) */ `
  ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'guest'));
  UPDATE users SET role = 'owner' WHERE id = (SELECT min(id) FROM users WHERE deactivated_at IS NULL);
  CREATE TABLE workspace (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    signup_mode TEXT NOT NULL CHECK (signup_mode IN ('open', 'invite', 'closed')),
    version INTEGER NOT NULL
  );
  INSERT INTO workspace (id, name, signup_mode, version)
  SELECT 1, 'Flack', CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'open' ELSE 'invite' END, 1;
  CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('member', 'guest')),
    channel_ids TEXT NOT NULL,                    -- JSON array of conversation ids
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    max_uses INTEGER NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0,
    revoked_at INTEGER
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER,                             -- NULL: Flack itself
    action TEXT NOT NULL,
    target_user_id INTEGER,
    detail TEXT NOT NULL                          -- JSON object
  );
  `,
  /* 15: sessions and devices (when each was last used, which browser; idle ones expire) and one-time password
     reset links an admin issues (stored hashed, like sessions) */ `
  ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
  UPDATE sessions SET last_seen_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000; -- the upgrade signs nobody out
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
  `,
  /* 16: archived channels (read-only, out of the sidebar, still searchable) and announcement channels (only admins
     start threads in them) */ `
  ALTER TABLE conversations ADD COLUMN archived_at INTEGER;
  ALTER TABLE conversations ADD COLUMN announcement INTEGER NOT NULL DEFAULT 0;
  `,
  /* 17: message retention (src/core/retention.ts): the workspace's default, a channel's own (NULL: keep forever /
     the workspace's) */ `
  ALTER TABLE workspace ADD COLUMN retention_days INTEGER;
  ALTER TABLE conversations ADD COLUMN retention_days INTEGER;
  `,
  /* 18: the workspace's icon (an emoji or two letters; '' the Flack logo) and its upload limit (NULL: MAX_UPLOAD_MB) */ `
  ALTER TABLE workspace ADD COLUMN icon TEXT NOT NULL DEFAULT '';
  ALTER TABLE workspace ADD COLUMN max_upload_mb REAL;
  `,
  /* 19: bot accounts and incoming webhooks (src/shared/integrations.ts): a user row marked with its avatar colour
     (NULL: a person), and its token, stored hashed like a session's */ `
  ALTER TABLE users ADD COLUMN bot_colour TEXT;
  CREATE TABLE bots (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('bot', 'webhook')),
    token_hash TEXT NOT NULL UNIQUE,
    channel_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    token_issued_at INTEGER NOT NULL,
    last_used_at INTEGER
  );
  CREATE INDEX bots_by_kind ON bots (kind);
  `,
  /* 20: outgoing webhooks (src/storage/outgoing-store.ts): hooks, a cursor per hook and conversation over message ids,
     and deliveries as a queue, one row per (hook, message) */ `
  CREATE TABLE outgoing_hooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,         -- never reused: delivery ids (hook:message) stay unique for receivers
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    channel_id INTEGER REFERENCES conversations(id) ON DELETE CASCADE, -- NULL: every public channel
    trigger TEXT NOT NULL CHECK (trigger IN ('message', 'mention', 'words', 'command')),
    words TEXT NOT NULL,                          -- JSON array
    poster_user_id INTEGER NOT NULL REFERENCES users(id),
    secret TEXT NOT NULL,                         -- as-is: it signs every delivery
    enabled INTEGER NOT NULL DEFAULT 1,
    start_message_id INTEGER NOT NULL,            -- messages up to this one were there before the hook
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE outgoing_cursors (
    hook_id INTEGER NOT NULL REFERENCES outgoing_hooks(id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,                  -- the last message looked at
    PRIMARY KEY (hook_id, conversation_id)
  ) WITHOUT ROWID;
  CREATE TABLE outgoing_deliveries (
    id INTEGER PRIMARY KEY,
    hook_id INTEGER NOT NULL REFERENCES outgoing_hooks(id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL,                  -- no foreign key: the log outlives a deleted message
    conversation_id INTEGER NOT NULL,
    thread_root_id INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    lease_until INTEGER,
    lease_token TEXT,
    last_status INTEGER,
    last_error TEXT,
    payload TEXT NOT NULL,                        -- the exact body, signed anew at each attempt
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (hook_id, message_id)
  );
  CREATE INDEX outgoing_due ON outgoing_deliveries(next_attempt_at) WHERE status = 'pending';
  CREATE INDEX outgoing_by_hook ON outgoing_deliveries(hook_id, status, id);
  `,
  /* 21: Web Push (src/storage/push-store.ts): the VAPID key pair (one row) and each device's subscription, which
     ends with the session that made it */ `
  CREATE TABLE push_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL
  );
  CREATE TABLE push_subscriptions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL REFERENCES sessions(token_hash) ON DELETE CASCADE,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_success_at INTEGER
  );
  CREATE INDEX push_subscriptions_by_user ON push_subscriptions (user_id);
  CREATE INDEX push_subscriptions_by_session ON push_subscriptions (token_hash);
  `,
  /* 22: a reply also sent to the channel (src/storage/channel-copy.ts): the reply and its copy in the top level
     point at each other; the copy also names its thread */ `
  ALTER TABLE messages ADD COLUMN broadcast_id INTEGER;
  ALTER TABLE messages ADD COLUMN broadcast_root INTEGER;
  `,
  /* 23: the search index's newest rows wait in a plain table (src/storage/sqlite/search-index.ts). The triggers still
     write in the transaction of the insert, edit or deletion, but a row of a table instead of an FTS5 segment each
     commit; the rows move into messages_fts in batches, before every search and a fraction of a second later.
     A row is in exactly one of the two. */ `
  CREATE TABLE messages_fts_pending (rowid INTEGER PRIMARY KEY, body TEXT NOT NULL);
  DROP TRIGGER messages_fts_insert;
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN NEW.kind = 'user' AND NEW.deleted_at IS NULL BEGIN
    INSERT INTO messages_fts_pending (rowid, body) VALUES (NEW.id, NEW.body);
  END;
  DROP TRIGGER messages_fts_update;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF body, deleted_at, file_names ON messages
  WHEN OLD.body IS NOT NEW.body OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.file_names IS NOT NEW.file_names BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id AND NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE rowid = OLD.id);
    DELETE FROM messages_fts_pending WHERE rowid = OLD.id;
    INSERT INTO messages_fts_pending (rowid, body) SELECT NEW.id, NEW.body || coalesce(char(10) || NEW.file_names, '')
    WHERE NEW.kind = 'user' AND NEW.deleted_at IS NULL;
  END;
  DROP TRIGGER messages_fts_delete;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id AND NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE rowid = OLD.id);
    DELETE FROM messages_fts_pending WHERE rowid = OLD.id;
  END;
  `,
];
