// A message's mentions as both stores keep them on its row (`messages.mentions`): the JSON of exactly the Message
// fields, so reading a page costs no query of the mentions table (which is there for counting).
import type { Message } from '../shared/protocol.js';
import type { MessageMentions } from './storage.js';

type MentionFields = Pick<Message, 'mentions' | 'mentionsAll' | 'mentionsHere'>;

/** Null when the message mentions nobody. */
export function mentionsJson(mentions: MessageMentions | undefined): string | null {
  if (!mentions || (!mentions.userIds.length && !mentions.all && mentions.here === null)) return null;
  const fields: MentionFields = { mentions: mentions.userIds };
  if (mentions.all) fields.mentionsAll = true;
  if (mentions.here !== null) fields.mentionsHere = true;
  return JSON.stringify(fields);
}

export const mentionsFromJson = (json: string | null): MentionFields => (json ? (JSON.parse(json) as MentionFields) : { mentions: [] });

/** The users with a row of their own (by name, by `@here`), never the author; 0 stands for `@channel`. */
export function mentionRowUsers(mentions: MessageMentions | undefined, authorId: number): number[] {
  if (!mentions) return [];
  const users = new Set([...mentions.userIds, ...(mentions.here ?? [])]);
  users.delete(authorId);
  users.delete(0);
  return [...users, ...(mentions.all ? [0] : [])];
}
