// The domain core's front door: every use case, bound to its dependencies. Transport calls only this.
import * as accounts from './accounts.js';
import * as admin from './admin.js';
import * as channels from './channels.js';
import * as dms from './direct-messages.js';
import * as door from './door.js';
import * as changes from './message-changes.js';
import * as drafts from './drafts.js';
import * as commands from './commands.js';
import * as files from './files.js';
import * as integrations from './integrations.js';
import * as messages from './messages.js';
import * as notifyPreferences from './notify-preferences.js';
import * as outgoingHooks from './outgoing-hooks.js';
import * as outgoingQueue from './outgoing-queue.js';
import type { CoreDeps } from './ports.js';
import * as people from './people.js';
import * as push from './push.js';
import * as reading from './reading.js';
import * as retention from './retention.js';
import * as search from './search.js';
import * as sessions from './sessions.js';
import * as threads from './threads.js';

function bind<A extends unknown[], R>(deps: CoreDeps, fn: (deps: CoreDeps, ...args: A) => R): (...args: A) => R {
  return (...args) => fn(deps, ...args);
}

export function createFlack(deps: CoreDeps) {
  return {
    start: () => channels.ensureDefaultChannel(deps),

    signUp: bind(deps, accounts.signUp),
    signIn: bind(deps, accounts.signIn),
    authenticate: bind(deps, accounts.authenticate),
    sessionUser: bind(deps, accounts.sessionUser),
    signOut: bind(deps, accounts.signOut),
    changePassword: bind(deps, accounts.changePassword),
    deleteAccount: bind(deps, accounts.deleteAccount),
    door: () => door.door(deps),
    invitePreview: bind(deps, door.invitePreview),

    listAllUsers: bind(deps, admin.listAllUsers),
    changeRole: bind(deps, admin.changeRole),
    setDeactivated: bind(deps, admin.setDeactivated),
    listInvites: bind(deps, admin.listInvites),
    createInvite: bind(deps, admin.createInvite),
    revokeInvite: bind(deps, admin.revokeInvite),
    updateSettings: bind(deps, admin.updateSettings),
    auditLog: bind(deps, admin.auditLog),
    serverStats: bind(deps, admin.serverStats),
    uploadLimit: () => admin.uploadLimit(deps),
    listIntegrations: bind(deps, integrations.listIntegrations),
    createBot: bind(deps, integrations.createBot),
    createWebhook: bind(deps, integrations.createWebhook),
    rotateToken: bind(deps, integrations.rotateToken),
    postThroughWebhook: bind(deps, integrations.postThroughWebhook),
    listOutgoing: bind(deps, outgoingHooks.listOutgoing),
    createOutgoing: bind(deps, outgoingHooks.createOutgoing),
    updateOutgoing: bind(deps, outgoingHooks.updateOutgoing),
    rotateOutgoing: bind(deps, outgoingHooks.rotateOutgoing),
    deleteOutgoing: bind(deps, outgoingHooks.deleteOutgoing),
    outgoingDeliveries: bind(deps, outgoingHooks.outgoingDeliveries),
    queueOutgoing: () => outgoingQueue.queueOutgoing(deps),
    postOutgoingReply: bind(deps, outgoingQueue.postOutgoingReply),
    issuePasswordReset: bind(deps, sessions.issuePasswordReset),
    passwordResetPreview: bind(deps, sessions.passwordResetPreview),
    resetPassword: bind(deps, sessions.resetPassword),
    listSessions: bind(deps, sessions.listSessions),
    subscribePush: bind(deps, push.subscribePush),
    unsubscribePush: bind(deps, push.unsubscribePush),
    listPushDevices: bind(deps, push.listPushDevices),
    revokeSession: bind(deps, sessions.revokeSession),

    snapshot: bind(deps, reading.snapshot),
    getUsers: bind(deps, people.getUsers),
    searchUsers: bind(deps, people.searchUsers),
    presenceOf: bind(deps, people.presenceOf),
    markRead: bind(deps, reading.markRead),
    focus: bind(deps, reading.focus),

    createChannel: bind(deps, channels.createChannel),
    joinChannel: bind(deps, channels.joinChannel),
    leaveChannel: bind(deps, channels.leaveChannel),
    updateChannel: bind(deps, channels.updateChannel),
    inviteToChannel: bind(deps, channels.inviteToChannel),
    removeFromChannel: bind(deps, channels.removeFromChannel),
    browseChannels: bind(deps, channels.browseChannels),
    listMembers: bind(deps, channels.listMembers),
    deleteChannel: bind(deps, channels.deleteChannel),
    archiveChannel: bind(deps, channels.archiveChannel),
    openDirectMessage: bind(deps, dms.openDirectMessage),
    leaveDirectMessage: bind(deps, dms.leaveDirectMessage),
    setHidden: bind(deps, dms.setHidden),
    setNotifyPreferences: bind(deps, notifyPreferences.setNotifyPreferences),
    setNotifyDefaults: bind(deps, notifyPreferences.setNotifyDefaults),
    saveDraft: bind(deps, drafts.saveDraft),
    setBlocked: bind(deps, dms.setBlocked),

    sendMessage: bind(deps, messages.sendMessage),
    listCommands: bind(deps, commands.listCommands),
    runCommand: bind(deps, commands.runCommand),
    history: bind(deps, messages.history),
    sync: bind(deps, messages.sync),
    typing: bind(deps, messages.typing),
    editMessage: bind(deps, changes.editMessage),
    deleteMessage: bind(deps, changes.deleteMessage),
    messageVersions: bind(deps, changes.messageVersions),
    addReaction: (userId: number, input: { messageId: number; emoji: string }) => changes.react(deps, userId, input, true),
    removeReaction: (userId: number, input: { messageId: number; emoji: string }) => changes.react(deps, userId, input, false),
    threadHistory: bind(deps, threads.threadHistory),
    markThreadRead: bind(deps, threads.markThreadRead),
    listThreads: bind(deps, threads.listThreads),
    search: bind(deps, search.search),
    recordUpload: bind(deps, files.recordUpload),
    checkQuota: bind(deps, files.checkQuota),
    readableFile: bind(deps, files.readableFile),
    discardUpload: bind(deps, files.discardUpload),
    sweepFiles: bind(deps, files.sweepFiles),
    applyRetention: bind(deps, retention.applyRetention),
    /** The conversations whose events a new socket of the user joins. */
    memberConversationIds: (userId: number) => deps.storage.listMemberConversationIds(userId),
  };
}

export type Flack = ReturnType<typeof createFlack>;
