// Sign-up, sign-in, sessions and passwords.
import type { AuthReply, Credentials, SignUpRequest, User } from '../shared/protocol.js';
import { UniqueViolation, type UserRecord } from '../storage/storage.js';
import { SignUpRefused } from '../storage/workspace-store.js';
import { announceDeparture, joinDefaultChannel, joinInvitedChannels } from './channels.js';
import { door, inviteInvalid } from './door.js';
import { FlackError } from './errors.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import type { CoreDeps } from './ports.js';
import { checkPassword, checkUsername } from './rules.js';
import { botOfToken } from './integrations.js';
import { hashToken, newSessionToken } from './tokens.js';

export function publicUser(user: UserRecord): User {
  const { passwordHash: _, ...rest } = user;
  return rest;
}

/**
 * A new session for the user, if `passwordHash` (the one just verified or set) is still theirs and the account
 * still active when it is stored; null if a password change or the account's deletion got there first.
 */
export async function openSession(
  deps: CoreDeps,
  user: UserRecord,
  { passwordHash = user.passwordHash, device = '' }: { passwordHash?: string; device?: string } = {},
): Promise<AuthReply | null> {
  const token = newSessionToken();
  const stored = await deps.storage.createSession({
    tokenHash: hashToken(token),
    userId: user.id,
    passwordHash,
    createdAt: deps.now(),
    userAgent: device.slice(0, DEVICE_MAX),
  });
  return stored ? { user: publicUser(user), token } : null;
}

/** The User-Agent kept with a session, for the list of your devices. */
const DEVICE_MAX = 256;

const wrongPassword = () => new FlackError('wrong_password', 'Wrong username or password');

/**
 * Through the door (src/storage/workspace-store.ts): the first account of a workspace becomes its owner; after it,
 * an invite link (its role, its channels) or an open sign-up mode. Guests join only their invite's channels.
 */
export async function signUp(deps: CoreDeps, request: SignUpRequest, device = ''): Promise<AuthReply> {
  const username = checkUsername(request.username);
  checkPassword(request.password);
  // Refused before scrypt runs when the door is plainly shut; createAccount decides again, atomically.
  const { signUp: mode } = await door(deps);
  if (mode === 'closed' || (mode === 'invite' && request.invite === undefined)) {
    throw new FlackError('signup_closed', mode === 'closed' ? 'Sign-up is closed on this workspace' : 'Ask an admin for an invite link');
  }
  const passwordHash = await hashPassword(request.password, deps.passwordCost);
  let created: Awaited<ReturnType<typeof deps.storage.createAccount>>;
  try {
    created = await deps.storage.createAccount({
      username,
      passwordHash,
      createdAt: deps.now(),
      invite: request.invite ?? null,
      modeOverride: deps.settings.signUpModeLock,
    });
  } catch (error) {
    if (error instanceof UniqueViolation) throw new FlackError('username_taken', 'That username is taken');
    if (error instanceof SignUpRefused) {
      throw error.reason === 'invite_invalid' ? inviteInvalid() : new FlackError('signup_closed', 'Sign-up is closed on this workspace');
    }
    throw error;
  }
  const { user, invite } = created;
  deps.fanout.send('everyone', 'user', publicUser(user));
  if (user.role !== 'guest') await joinDefaultChannel(deps, user.id);
  if (invite) await joinInvitedChannels(deps, user.id, invite.channelIds);
  const session = await openSession(deps, user, { device });
  if (!session) throw new FlackError('unauthorized', 'Sign in first');
  return session;
}

export async function signIn(deps: CoreDeps, credentials: Credentials, device = ''): Promise<AuthReply> {
  const user = await deps.storage.findUserByName(credentials.username);
  if (!user || user.deactivated) {
    await burnPasswordCheck(credentials.password, deps.passwordCost);
    throw wrongPassword();
  }
  if (!(await verifyPassword(credentials.password, user.passwordHash))) throw wrongPassword();
  // The password was right when checked; if it changed (or the account went) since, it is wrong now.
  const session = await openSession(deps, user, { device });
  if (!session) throw wrongPassword();
  return session;
}

/** A session's last use is written at most this often: most requests only read it. */
const TOUCH_EVERY_MS = 5 * 60_000;

/** The user behind a session token, or null; a session unused for SESSION_IDLE_DAYS has expired (and is deleted). */
export function authenticate(deps: CoreDeps, token: string): Promise<User | null> {
  return sessionUser(deps, hashToken(token));
}

/**
 * The same, for a session already signed in with (a socket keeps its hash): each use keeps it alive, and a session
 * that ended — signed out, expired, its account deactivated — is null.
 */
export async function sessionUser(deps: CoreDeps, tokenHash: string): Promise<User | null> {
  const now = deps.now();
  const userId = await deps.storage.useSession(tokenHash, now, now - TOUCH_EVERY_MS, now - deps.settings.sessionIdleMs);
  // Not a session: a bot's token (only a miss pays for this second lookup). Bots' tokens never idle out.
  if (userId === null) return (await botOfToken(deps, tokenHash))?.user ?? null;
  const user = await deps.storage.findUserById(userId);
  return user && !user.deactivated ? publicUser(user) : null;
}

export async function signOut(deps: CoreDeps, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  await deps.storage.deleteSession(tokenHash);
  deps.fanout.disconnectSession(tokenHash);
}

/** Revokes every session of the user (closing their sockets) and returns a fresh one for the caller. */
export async function changePassword(
  deps: CoreDeps,
  userId: number,
  change: { currentPassword: string; newPassword: string },
  device = '',
): Promise<AuthReply> {
  const user = await deps.storage.findUserById(userId);
  if (!user) throw new FlackError('unauthorized', 'Sign in first');
  if (!(await verifyPassword(change.currentPassword, user.passwordHash))) {
    throw new FlackError('wrong_password', 'Wrong password');
  }
  const passwordHash = await hashPassword(checkPassword(change.newPassword), deps.passwordCost);
  await deps.storage.setPasswordHash(userId, passwordHash);
  await deps.storage.deleteUserSessions(userId);
  deps.fanout.disconnectUser(userId);
  const session = await openSession(deps, user, { passwordHash, device });
  // Another change (or the account's deletion) landed after ours: this device signs in again like the others.
  if (!session) throw new FlackError('unauthorized', 'Sign in first');
  return session;
}

/**
 * Deleting an account deactivates it: every session ends (sockets close on every node), it can never sign in
 * again, it leaves its channels, and everyone is told. Its messages stay where they were — they are part of other
 * people's conversations — and its name stays reserved, so nobody can take it and seem to have written them.
 */
export async function deleteAccount(deps: CoreDeps, userId: number, password: string): Promise<void> {
  const user = await deps.storage.findUserById(userId);
  if (!user || user.deactivated) throw new FlackError('unauthorized', 'Sign in first');
  if (!(await verifyPassword(password, user.passwordHash))) throw new FlackError('wrong_password', 'Wrong password');
  const left = await deps.storage.deactivateUser(userId, deps.now(), 'left the channel');
  if (left === 'last_owner') throw new FlackError('last_owner', 'You are the only owner: make someone else owner first');
  deps.fanout.disconnectUser(userId);
  for (const change of left) announceDeparture(deps, userId, change);
  deps.fanout.send('everyone', 'user', { ...publicUser(user), deactivated: true });
}
