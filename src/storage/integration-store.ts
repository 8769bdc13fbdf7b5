// Bot accounts and incoming webhooks (src/shared/integrations.ts): an account row marked as a bot, and its token.
import type { Integration, IntegrationKind } from '../shared/integrations.js';
import type { NewAuditEntry } from './workspace-store.js';

export interface NewIntegration {
  kind: IntegrationKind;
  username: string;
  colour: string;
  tokenHash: string;
  /** A webhook's channel; null for a bot. */
  channelId: number | null;
  createdBy: number;
  createdAt: number;
}

export interface IntegrationStore {
  /**
   * The account (a guest, with no password: it cannot sign in as a person) and its token, with the audit entry, in
   * one transaction. Throws UniqueViolation('username') when the name is taken (by a person or another bot).
   */
  createIntegration(integration: NewIntegration, audit: Omit<NewAuditEntry, 'targetUserId'>): Promise<Integration>;
  /** Of one kind, deactivated ones too, by username; at most `limit`. */
  listIntegrations(kind: IntegrationKind, limit: number): Promise<Integration[]>;
  findIntegration(userId: number): Promise<Integration | null>;
  /** A new token, with the audit entry; returns the old token's hash (its sockets are closed), or null: no such bot. */
  rotateIntegrationToken(
    userId: number,
    tokenHash: string,
    at: number,
    audit: Omit<NewAuditEntry, 'targetUserId'>,
  ): Promise<{ integration: Integration; previousTokenHash: string } | null>;
  /**
   * The active (not deactivated) integration of `kind` whose token hashes to `tokenHash`, or null; its last use is
   * written when older than `touchBefore`.
   */
  useIntegrationToken(tokenHash: string, kind: IntegrationKind, at: number, touchBefore: number): Promise<Integration | null>;
}
