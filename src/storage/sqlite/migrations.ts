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
  /* look-alike channel names collide: name_skeleton (src/shared/channel-name-key.ts), unique; NULL for DMs */ (db) => {
    db.exec(`ALTER TABLE conversations ADD COLUMN name_skeleton TEXT;
      CREATE UNIQUE INDEX conversations_name_skeleton ON conversations (name_skeleton);`);
    const channels = db.prepare(`SELECT id, name FROM conversations WHERE kind <> 'dm'`).all() as { id: number; name: string }[];
    const set = db.prepare('UPDATE conversations SET name_skeleton = ? WHERE id = ?');
    for (const { id, key } of keysForExistingChannels(channels)) set.run(key, id);
  },
];
