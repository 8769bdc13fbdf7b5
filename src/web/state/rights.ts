// What you may do, from the one table of rules the server enforces (src/shared/roles.ts) and your role: menus,
// dialogs and the sidebar only ask here, so no component restates a rule.
import { can, mayDeleteMessage, mayManageChannel, type Capability } from '../../shared/roles.js';
import type { ConversationView, Message, UserWithPresence } from '../../shared/protocol.js';
import { conversations, dmPeer } from './directory.js';
import { me } from './session.js';

/** Your role allows this (false while signed out). */
export const allowed = (capability: Capability) => (me.value ? can(me.value.role, capability) : false);

export interface Rights {
  /** Remove members of a private channel: its creator, or an admin. */
  removeMembers: boolean;
  /** Delete the channel and everything in it: its creator, or an admin. */
  deleteChannel: boolean;
  /** Add people to it: anyone in it but guests. */
  addMembers: boolean;
  leaveChannel: boolean;
  /** Leave a DM: only a group of three or more; a DM of two is hidden instead. */
  leaveDm: boolean;
  /** Hide it from the sidebar until its next message: any DM. */
  hide: boolean;
  /** Archive or unarchive it: its creator, or an admin. */
  archive: boolean;
  /** Choose who posts in it and how long it keeps messages: admins, while it is not archived. */
  configure: boolean;
  /** Change its topic: any member, while it is not archived. */
  editTopic: boolean;
  /** Start a thread (a top-level message): not in an archived channel; in an announcement channel, only admins. */
  post: boolean;
}

export function rightsIn(c: ConversationView): Rights {
  const manage = me.value ? mayManageChannel(me.value, c) : false;
  return {
    removeMembers: manage && c.kind === 'private',
    deleteChannel: manage,
    addMembers: c.kind !== 'dm' && allowed('addToChannels'),
    leaveChannel: c.kind !== 'dm',
    leaveDm: c.kind === 'dm' && c.memberCount >= 3,
    hide: c.kind === 'dm',
    archive: manage,
    configure: c.kind !== 'dm' && !c.archived && allowed('moderate'),
    editTopic: c.kind !== 'dm' && !c.archived,
    post: !c.archived && (!c.announcement || allowed('moderate')),
  };
}

/**
 * Reply, edit, react: anything but reading and deleting, which an archived channel refuses (a conversation not held
 * is not refused here: the server says).
 */
export const writable = (conversationId: number) => !conversations.value.get(conversationId)?.archived;

/** Delete a message: your own, or anyone's for an admin; not one already deleted. */
export const mayDelete = (m: Message) => m.deletedAt === null && (me.value ? mayDeleteMessage(me.value, m) : false);

/** The person a DM of two is with, whom "Block" is about; none for channels, groups and your DM with yourself. */
export const blockable = (c: ConversationView): UserWithPresence | undefined => (c.kind === 'dm' ? dmPeer(c) : undefined);
