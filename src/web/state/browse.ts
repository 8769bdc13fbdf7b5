// Lists too long to hold whole, fetched a page at a time by name: the public channels to browse and join, and a
// conversation's members.
import { LIMITS, type ConversationView, type User } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { rememberUsers, upsertConversation } from './directory.js';
import type { PageOf } from './people.js';

/** Public channels whose name starts with `query` ('' is all of them), with whether you are in each. */
export async function browseChannels(query: string, after?: string): Promise<PageOf<ConversationView>> {
  const q = query.trim().replace(/^#/, '').slice(0, LIMITS.channelNameMax);
  const { channels, next } = await rpc('channels:browse', { ...(q && { query: q }), ...(after !== undefined && { after }) });
  return { items: channels, next };
}

/** Join a public channel found by browsing: it becomes one of your conversations. */
export async function joinChannel(id: number): Promise<ConversationView> {
  const { conversation } = await rpc('channel:join', { conversationId: id });
  upsertConversation(conversation);
  return conversation;
}

/** A conversation's members by username; they count as met (names shown, presence watchable). */
export async function conversationMembers(conversationId: number, after?: string): Promise<PageOf<User>> {
  const { members, next } = await rpc('conversation:members', { conversationId, ...(after !== undefined && { after }) });
  rememberUsers(members);
  return { items: members, next };
}
