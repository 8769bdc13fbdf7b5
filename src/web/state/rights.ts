// What you may do with a conversation, as the server decides it (docs/API.md), derived here once so that no
// component restates a rule: menus and dialogs only ask.
import type { ConversationView, UserWithPresence } from '../../shared/protocol.js';
import { dmPeer } from './directory.js';
import { me } from './session.js';

export interface Rights {
  /** Remove members: the creator of a private channel. */
  removeMembers: boolean;
  /** Delete the channel and everything in it: its creator. */
  deleteChannel: boolean;
  leaveChannel: boolean;
  /** Leave a DM: only a group of three or more; a DM of two is hidden instead. */
  leaveDm: boolean;
  /** Hide it from the sidebar until its next message: any DM. */
  hide: boolean;
}

export function rightsIn(c: ConversationView): Rights {
  const creator = c.kind !== 'dm' && c.createdBy === me.value?.id;
  return {
    removeMembers: creator && c.kind === 'private',
    deleteChannel: creator,
    leaveChannel: c.kind !== 'dm',
    leaveDm: c.kind === 'dm' && c.memberCount >= 3,
    hide: c.kind === 'dm',
  };
}

/** The person a DM of two is with, whom "Block" is about; none for channels, groups and your DM with yourself. */
export const blockable = (c: ConversationView): UserWithPresence | undefined => (c.kind === 'dm' ? dmPeer(c) : undefined);
