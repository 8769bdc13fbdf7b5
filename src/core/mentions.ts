// Who a message mentions. `parseMentions` reads the text alone (pure); `resolveMentions` turns the names into
// members of the conversation, so a mention never reaches, or reveals, anyone outside it.
import type { Message } from '../shared/protocol.js';
import type { MessageMentions } from '../storage/storage.js';
import type { CoreDeps } from './ports.js';
import { mentionNames } from '../shared/markup/walk.js';
import { renderMarkup } from '../shared/markup/render.js';

export interface ParsedMentions {
  /** Lower-cased, distinct, in order of appearance, at most MAX_NAMED. */
  usernames: string[];
  /** `@channel` or `@everyone`. */
  all: boolean;
  /** `@here`. */
  here: boolean;
}

/** Names looked up per message: a body of 4,000 characters could otherwise name ~800 people. */
export const MAX_NAMED = 50;

/**
 * The mentions in a body, found by the message renderer (src/shared/markup) itself, so someone is notified exactly
 * where the web app draws a mention: not inside code, a URL or after an escaping backslash.
 */
export function parseMentions(body: string): ParsedMentions {
  // Most messages name nobody: no "@", no parse. A send asks twice for the same body (resolve, then who was absent).
  if (!body.includes('@')) return { usernames: [], all: false, here: false };
  if (body === last.body) return last.parsed;
  const parsed = parseNames(body);
  last = { body, parsed };
  return parsed;
}

let last: { body: string; parsed: ParsedMentions } = { body: '', parsed: { usernames: [], all: false, here: false } };

function parseNames(body: string): ParsedMentions {
  const usernames = new Set<string>();
  let all = false;
  let here = false;
  for (const name of mentionNames(renderMarkup(body))) {
    if (name === 'channel' || name === 'everyone') all = true;
    else if (name === 'here') here = true;
    else if (usernames.size < MAX_NAMED) usernames.add(name);
  }
  return { usernames: [...usernames], all, here };
}

/**
 * The mentions to store with a message by `authorId`: named members who are active (a deleted account is never
 * mentioned), `@here` as the members online now, `@channel` as one flag. Never the author.
 */
export async function resolveMentions(deps: CoreDeps, conversationId: number, authorId: number, body: string): Promise<MessageMentions> {
  const parsed = parseMentions(body);
  const online = parsed.here ? [...(await deps.presence.onlineUserIds())].filter((id) => id !== authorId) : [];
  const [named, here] = await Promise.all([
    parsed.usernames.length ? deps.storage.findMembers(conversationId, { usernames: parsed.usernames }) : [],
    online.length ? deps.storage.findMembers(conversationId, { userIds: online }) : [],
  ]);
  return {
    userIds: named.filter((id) => id !== authorId),
    all: parsed.all,
    here: parsed.here ? here : null,
  };
}

/**
 * The people named in `body` who have an active account but are not in the conversation, by their usernames: they
 * were not notified (nor invited), and the author is told so. Only looked up when a name found no member.
 */
export async function absentMentions(deps: CoreDeps, authorId: number, body: string, mentions: MessageMentions): Promise<string[]> {
  const named = parseMentions(body).usernames;
  if (named.length === 0) return [];
  const found = await deps.storage.findUsersByIds([authorId, ...mentions.userIds]);
  const known = new Set(found.map((u) => u.username.toLowerCase()));
  const missing = named.filter((name) => !known.has(name));
  const users = await Promise.all(missing.map((name) => deps.storage.findUserByName(name)));
  return users.flatMap((u) => (u && !u.deactivated ? [u.username] : []));
}

/** Who has a mention row of their own (by name or `@here`; `@channel` is one row for everyone). */
export const mentionedUsers = (mentions: MessageMentions): number[] => [...new Set([...mentions.userIds, ...(mentions.here ?? [])])];

/**
 * After an edit or a deletion changed who `message` mentions: each of `userIds` gets their recomputed count, the
 * conversation's in `membership` (a top-level message) or the thread's in `thread` (a reply). New messages need
 * none of this: clients count them from `Message.mentions`.
 */
export async function recount(deps: CoreDeps, message: Message, userIds: number[]): Promise<void> {
  for (const userId of new Set(userIds)) {
    if (message.threadId !== null) {
      const state = await deps.storage.threadState(userId, message.threadId);
      if (state) deps.fanout.send({ users: [userId] }, 'thread', state);
      continue;
    }
    const membership = await deps.storage.getMembership(message.conversationId, userId);
    if (!membership) continue;
    const mentionCount = await deps.storage.mentionCount(message.conversationId, userId);
    deps.fanout.send({ users: [userId] }, 'membership', {
      conversationId: message.conversationId,
      isMember: true,
      lastReadSeq: membership.lastReadSeq,
      ...(membership.hiddenSeq !== null && { hiddenSeq: membership.hiddenSeq }),
      mentionCount,
    });
  }
}
