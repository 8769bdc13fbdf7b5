// Running a workspace: its settings, invite links and the audit log (docs/API.md, "Running a team").
import type { InviteRole, Role, SignUpMode } from './roles.js';

/** The workspace's settings, the same for everyone (the `workspace` event sends them again when they change). */
export interface Workspace {
  name: string;
  /** An emoji or up to two letters shown for the workspace; '' for Flack's logo. */
  icon: string;
  signUpMode: SignUpMode;
  /** Set by the SIGNUP_MODE environment variable: the console cannot change it. */
  signUpModeLocked: boolean;
  /** Messages older than this many days are deleted, in every channel without its own retention; null: kept forever. */
  retentionDays: number | null;
  /** The largest upload, in MB: the console's choice, at most `uploadLimitMaxMb`. */
  uploadLimitMb: number;
  /** The server's ceiling (MAX_UPLOAD_MB, which proxies are set up for). */
  uploadLimitMaxMb: number;
  /** Bumped by every change; `admin:settings` must name the version it read, so two admins never overwrite blindly. */
  version: number;
}

/** What the sign-in page is told before anyone signs in (GET /api/workspace). */
export interface WorkspaceDoor {
  name: string;
  icon: string;
  /** 'first': a fresh install; whoever signs up now becomes its owner. */
  signUp: SignUpMode | 'first';
}

export interface Invite {
  id: number;
  /** The secret of the link `<origin>/#/invite/<token>`. Admins may copy it again while it lasts. */
  token: string;
  role: InviteRole;
  /** Channels the newcomer joins (a guest sees only these). Members also join #general. */
  channelIds: number[];
  createdBy: number;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  /** Set when an admin revoked it. */
  revokedAt: number | null;
}

/** A one-time link that sets a new password (`<origin>/#/reset/<token>`), shown once to the admin who made it. */
export interface PasswordResetLink {
  token: string;
  expiresAt: number;
}

/** What the page reached through a reset link shows (GET /api/auth/reset/:token). */
export interface PasswordResetPreview {
  username: string;
}

/** What the admin console's live view shows, from the node that answered (`admin:stats`). */
export interface ServerStats {
  node: string;
  uptimeSeconds: number;
  /** Sockets connected to this node. */
  sockets: number;
  /** Messages this node accepted per second, over the last minute. */
  messagesPerSecond: number;
  /** From accepting a message to handing its broadcast to the transport, over this node's last 1,000; null: none yet. */
  deliveryP50Ms: number | null;
  deliveryP99Ms: number | null;
  /** The database's size (SQLite: its pages, without the write-ahead log; PostgreSQL: pg_database_size); null if unknown. */
  storageBytes: number | null;
}

/** One signed-in device of yours (`sessions:list`). */
export interface SessionInfo {
  /** Pass to `sessions:revoke`. */
  id: string;
  createdAt: number;
  lastSeenAt: number;
  /** The browser's User-Agent when it signed in ('' if none). */
  userAgent: string;
  /** The session this socket uses. */
  current: boolean;
}

/** What the sign-up page reached through an invite link shows (GET /api/invites/:token). */
export interface InvitePreview {
  workspaceName: string;
  workspaceIcon: string;
  invitedBy: string;
  role: InviteRole;
  expiresAt: number;
}

export type AuditAction =
  | 'owner.first' // the first account became the owner
  | 'user.signup' // someone signed up (detail.invite: the invite's id, when through one)
  | 'user.role' // detail.from, detail.to
  | 'user.deactivate'
  | 'user.reactivate'
  | 'user.reset' // an admin made a password reset link for them (detail.expiresAt)
  | 'password.reset' // someone set a new password through a reset link
  | 'invite.create' // detail.invite, detail.role, detail.maxUses, detail.expiresAt
  | 'invite.revoke' // detail.invite
  | 'bot.create' // a bot account or an incoming webhook (the target): detail.kind, detail.channelId (webhooks)
  | 'bot.rotate' // its token was replaced: detail.kind
  | 'settings.update' // detail: the fields changed, with their new values
  | 'channel.delete' // by an admin who did not create it; detail.name
  | 'channel.archive' // detail.conversationId, detail.name, detail.archived
  | 'channel.announcement' // detail.conversationId, detail.name, detail.announcement
  | 'channel.retention' // detail.conversationId, detail.name, detail.retentionDays (null: the workspace's)
  | 'message.delete' // by an admin, of someone else's message; detail.conversationId, detail.messageId
  | 'retention.delete' // the hourly retention run deleted old messages: detail.conversationId, detail.deleted, detail.days
  | 'outgoing.create' // an outgoing webhook: detail.hook, detail.name, detail.url
  | 'outgoing.update' // detail.hook and the fields changed (never the secret)
  | 'outgoing.rotate' // its secret was replaced: detail.hook
  | 'outgoing.delete' // detail.hook, detail.name
  | 'denied'; // a refused admin action: detail.action, detail.code

export interface AuditEntry {
  id: number;
  at: number;
  /** Who did it; null: Flack itself. */
  actorId: number | null;
  action: AuditAction;
  /** The person it was done to, if any. */
  targetUserId: number | null;
  detail: Record<string, string | number | boolean | null>;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  next: number | null;
}

export type { InviteRole, Role, SignUpMode } from './roles.js';

export const ADMIN_LIMITS = {
  /** A password reset link works once, for this long. */
  resetHours: 24,
  retentionDaysMax: 3650,
  workspaceNameMax: 80,
  /** An icon: at most this many characters (grapheme clusters: one emoji, or two letters). */
  workspaceIconMax: 2,
  inviteHoursMax: 30 * 24,
  inviteUsesMax: 1000,
  inviteChannelsMax: 20,
  invitesListed: 200,
  auditPage: 50,
  adminUsersPage: 50,
} as const;
