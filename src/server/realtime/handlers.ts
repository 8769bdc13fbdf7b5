// What each client event does: one call into the core. Validation, rate limits and acks live in socket-server.ts.
import type { Flack } from '../../core/flack.js';
import type { PresenceChange, User } from '../../shared/protocol.js';
import type { EventInput, EventName } from './schemas.js';

/** What a handler may do to the socket it serves, beyond answering. */
export interface SocketSession {
  /** Sets whose presence this socket is sent; answers their presence now. */
  watchPresence(userIds: number[]): Promise<PresenceChange[]>;
  /** The hash of the session this socket signed in with. */
  tokenHash: string;
  /** The User-Agent of its handshake ('' if none). */
  userAgent: string;
}

type Handler<E extends EventName> = (flack: Flack, user: User, input: EventInput<E>, session: SocketSession) => Promise<unknown>;

const ok = {};

export const HANDLERS: { [E in EventName]: Handler<E> } = {
  state: async (flack, user, _input, session) => {
    const snapshot = await flack.snapshot(user);
    await session.watchPresence(snapshot.users.map((u) => u.id));
    return snapshot;
  },
  'channels:browse': (flack, user, input) => flack.browseChannels(user.id, input ?? {}),
  'users:get': async (flack, _user, input) => ({ users: await flack.getUsers(input.ids) }),
  'users:search': (flack, _user, input) => flack.searchUsers(input),
  'presence:watch': async (_flack, _user, input, session) => ({ presence: await session.watchPresence(input.userIds) }),
  'channel:create': async (flack, user, input) => ({ conversation: await flack.createChannel(user.id, input) }),
  'channel:join': async (flack, user, input) => ({ conversation: await flack.joinChannel(user.id, input.conversationId) }),
  'channel:leave': async (flack, user, input) => (await flack.leaveChannel(user.id, input.conversationId), ok),
  'channel:update': async (flack, user, { conversationId, ...change }) => ({
    conversation: await flack.updateChannel(user.id, conversationId, change),
  }),
  'channel:invite': async (flack, user, input) => ({
    user: await flack.inviteToChannel(user.id, input.conversationId, input.username),
  }),
  'channel:remove': async (flack, user, input) => (
    await flack.removeFromChannel(user.id, input.conversationId, input.userId), ok
  ),
  'channel:archive': async (flack, user, input) => ({
    conversation: await flack.archiveChannel(user.id, input.conversationId, input.archived),
  }),
  'channel:delete': async (flack, user, input) => (await flack.deleteChannel(user.id, input.conversationId), ok),
  'dm:leave': async (flack, user, input) => (await flack.leaveDirectMessage(user.id, input.conversationId), ok),
  'conversation:hide': async (flack, user, input) => (await flack.setHidden(user.id, input.conversationId, input.hidden), ok),
  'draft:set': async (flack, user, input) => (await flack.saveDraft(user.id, input), ok),
  'conversation:notify': (flack, user, input) => flack.setNotifyPreferences(user.id, input),
  'notify:defaults': (flack, user, input) => flack.setNotifyDefaults(user.id, input),
  'user:block': async (flack, user, input) => ({ blockedUserIds: await flack.setBlocked(user.id, input.userId, input.blocked) }),
  'conversation:members': (flack, user, { conversationId, ...page }) => flack.listMembers(user.id, conversationId, page),
  'dm:open': async (flack, user, input) => ({ conversation: await flack.openDirectMessage(user.id, input.userIds) }),
  history: (flack, user, input) => flack.history(user.id, input),
  'message:send': (flack, user, input) => flack.sendMessage(user.id, input),
  'message:edit': async (flack, user, input) => ({ message: await flack.editMessage(user.id, input) }),
  'message:delete': async (flack, user, input) => ({ message: await flack.deleteMessage(user.id, input.messageId) }),
  'message:versions': async (flack, user, input) => ({ versions: await flack.messageVersions(user.id, input.messageId) }),
  'reaction:add': async (flack, user, input) => ({ message: await flack.addReaction(user.id, input) }),
  'reaction:remove': async (flack, user, input) => ({ message: await flack.removeReaction(user.id, input) }),
  'thread:history': (flack, user, input) => flack.threadHistory(user.id, input),
  'thread:read': async (flack, user, input) => (await flack.markThreadRead(user.id, input.messageId, input.seq), ok),
  'threads:list': (flack, user, input) => flack.listThreads(user.id, input.before),
  typing: async (flack, user, input) => (await flack.typing(user, input.conversationId), ok),
  read: async (flack, user, input) => (await flack.markRead(user.id, input.conversationId, input.seq), ok),
  focus: async (flack, user, input) => (await flack.focus(user.id, input.conversationId), ok),
  search: (flack, user, input) => flack.search(user.id, input),
  sync: (flack, user, input) => flack.sync(user.id, input.positions),
  'push:subscribe': async (flack, user, input, session) => ({
    device: await flack.subscribePush(user.id, { ...input, tokenHash: session.tokenHash, userAgent: session.userAgent }),
  }),
  'push:unsubscribe': async (flack, user, input) => (await flack.unsubscribePush(user.id, input), ok),
  'push:list': async (flack, user) => ({ devices: await flack.listPushDevices(user.id) }),
  'sessions:list': async (flack, user, _input, session) => ({ sessions: await flack.listSessions(user.id, session.tokenHash) }),
  'sessions:revoke': async (flack, user, input) => (await flack.revokeSession(user.id, input.id), ok),
  'admin:reset': (flack, user, input) => flack.issuePasswordReset(user.id, input.userId),
  'admin:users': (flack, user, input) => flack.listAllUsers(user.id, input),
  'admin:role': async (flack, user, input) => ({ user: await flack.changeRole(user.id, input) }),
  'admin:deactivate': async (flack, user, input) => ({ user: await flack.setDeactivated(user.id, input) }),
  'admin:invites': async (flack, user) => ({ invites: await flack.listInvites(user.id) }),
  'admin:invite': async (flack, user, input) => ({ invite: await flack.createInvite(user.id, input) }),
  'admin:revoke': async (flack, user, input) => ({ invite: await flack.revokeInvite(user.id, input.inviteId) }),
  'admin:settings': async (flack, user, input) => ({ workspace: await flack.updateSettings(user.id, input) }),
  'commands:list': async (flack, user) => ({ commands: await flack.listCommands(user.id) }),
  'command:run': (flack, user, input) => flack.runCommand(user.id, input),
  'admin:audit': (flack, user, input) => flack.auditLog(user.id, input.before),
  'admin:stats': (flack, user) => flack.serverStats(user.id),
  'admin:integrations': (flack, user) => flack.listIntegrations(user.id),
  'admin:bot:create': (flack, user, input) => flack.createBot(user.id, input),
  'admin:webhook:create': (flack, user, input) => flack.createWebhook(user.id, input),
  'admin:integration:rotate': (flack, user, input) => flack.rotateToken(user.id, input.userId),
  'admin:outgoing': async (flack, user) => ({ hooks: await flack.listOutgoing(user.id) }),
  'admin:outgoing:create': (flack, user, input) => flack.createOutgoing(user.id, input),
  'admin:outgoing:update': async (flack, user, input) => ({ hook: await flack.updateOutgoing(user.id, input) }),
  'admin:outgoing:rotate': (flack, user, input) => flack.rotateOutgoing(user.id, input.hookId),
  'admin:outgoing:delete': async (flack, user, input) => (await flack.deleteOutgoing(user.id, input.hookId), ok),
  'admin:outgoing:deliveries': (flack, user, input) => flack.outgoingDeliveries(user.id, input),
};
