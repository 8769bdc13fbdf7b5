// Bot accounts and incoming webhooks: accounts an admin makes for a program, not a person. Each is a user (marked
// `User.bot`) with a guest's rights — it sees only the channels it was added to — and one secret token.
import type { User } from './protocol.js';

/**
 * 'bot': its token signs in to the socket and REST APIs (`Authorization: Bearer …` or the handshake's `auth.token`).
 * 'webhook': its token is the secret in `POST /hooks/<token>`, which posts into its one channel; it signs in nowhere.
 */
export type IntegrationKind = 'bot' | 'webhook';

export interface Integration {
  /** The account it speaks as: its username is the name shown on its messages. */
  user: User;
  kind: IntegrationKind;
  /** A webhook's channel (null once that channel is deleted); null for bots, which are added to channels. */
  channelId: number | null;
  createdBy: number;
  createdAt: number;
  /** When its current token was made: a rotation replaces it, and the old one stops working at once. */
  tokenIssuedAt: number;
  /** The last time its token was used (written at most every few minutes); null: never. */
  lastUsedAt: number | null;
}

/** What creating or rotating returns: the token is shown this once (only its hash is stored). */
export interface IssuedToken {
  integration: Integration;
  token: string;
}

/** Avatar colours a bot may have (the web app draws people's from their names). */
export const BOT_COLOURS = ['#4f46e5', '#0891b2', '#059669', '#ca8a04', '#ea580c', '#dc2626', '#db2777', '#7c3aed', '#475569'] as const;

/** Bot tokens start with this, so a leaked one is recognisable (and secret scanners can look for it). */
export const BOT_TOKEN_PREFIX = 'flackbot_';

export const INTEGRATION_LIMITS = {
  /** The console lists at most this many bots, and as many webhooks. */
  listed: 500,
  /** Channels a new bot may be added to at once. */
  botChannelsMax: 50,
  /** The largest incoming webhook body taken, in bytes. */
  webhookBodyMax: 64 * 1024,
} as const;
