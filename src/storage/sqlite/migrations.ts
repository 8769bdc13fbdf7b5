// Versioned schema for the embedded store. Append new steps; never edit a released one.
// Table and column names match the PostgreSQL schema so `npm run migrate-to-postgres` can copy rows as they are.
export const SQLITE_MIGRATIONS: readonly string[] = [
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
  /* 3: the change log — a clock per conversation, edits, deletions, reactions */ `
  ALTER TABLE conversations ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;  -- ticks once per change, in its transaction
  ALTER TABLE messages ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;       -- the tick of the message's last change
  ALTER TABLE messages ADD COLUMN edited_at INTEGER;
  ALTER TABLE messages ADD COLUMN deleted_at INTEGER;                     -- a tombstone: body '' and no reactions
  UPDATE messages SET clock = seq;                                        -- history so far: one change per message
  UPDATE conversations SET clock = last_seq;
  CREATE INDEX messages_by_clock ON messages(conversation_id, clock);
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
  `,
];
