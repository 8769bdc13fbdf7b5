// @mention autocomplete, the pure part: the "@name" being typed at the caret, the text once a name is picked, and
// which names to offer in what order. The token follows the renderer's mention rule (src/shared/markup, by which the
// server counts too): "@" not inside a word, an address or another name, then username characters.
import type { User } from '../../shared/protocol.js';

/** The "@…" the caret is in: `text.slice(start, end)` is replaced by the pick; `prefix` is what was typed of it. */
export interface MentionToken {
  start: number;
  end: number;
  prefix: string;
}

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const BEFORE_AT = /[\w.@-]/;

/** The mention being typed when the caret sits right after "@" or inside "@name"; null anywhere else. */
export function mentionAt(text: string, caret: number): MentionToken | null {
  let at = caret;
  while (at > 0 && NAME_CHAR.test(text[at - 1]!)) at--;
  if (at === 0 || text[at - 1] !== '@') return null;
  const start = at - 1;
  if (start > 0 && BEFORE_AT.test(text[start - 1]!)) return null;
  let end = caret;
  while (end < text.length && NAME_CHAR.test(text[end]!)) end++;
  return { start, end, prefix: text.slice(at, caret) };
}

/** `@name ` in place of the token, and where the caret goes: after the space (one already there is reused). */
export function insertMention(text: string, token: MentionToken, name: string): { text: string; caret: number } {
  const after = text.slice(token.end);
  const spaced = after.startsWith(' ') ? after : ` ${after}`;
  const head = `${text.slice(0, token.start)}@${name}`;
  return { text: head + spaced, caret: head.length + 1 };
}

export type Broadcast = 'here' | 'channel';

export type Suggestion =
  | { kind: 'person'; user: User; member: boolean }
  | { kind: 'broadcast'; name: Broadcast; description: string };

export const MAX_SUGGESTIONS = 8;

const BROADCASTS: { name: Broadcast; description: string }[] = [
  { name: 'here', description: 'notify online members' },
  { name: 'channel', description: 'notify everyone in this channel' },
];

export interface Candidates {
  prefix: string;
  /** People known to be members of the conversation. */
  members: readonly User[];
  /** Other people of the workspace (members among them are told apart by `members`). */
  others: readonly User[];
  /** Channels offer @here and @channel; DMs do not. */
  broadcasts: boolean;
  /** Yourself: never offered (the server never counts a mention of its author). */
  meId?: number;
}

/** A name matches when it starts with the prefix, case-insensitive (Flack has usernames only, no display names). */
export const matches = (name: string, prefix: string) => name.toLowerCase().startsWith(prefix.toLowerCase());

/**
 * What the list shows: matching members first, then @here/@channel, then other people; each group with an exact
 * match first, then by name; nobody twice, no deleted account, at most `MAX_SUGGESTIONS`.
 */
export function rankSuggestions(c: Candidates): Suggestion[] {
  const seen = new Set<number>(c.meId === undefined ? [] : [c.meId]);
  const people = (list: readonly User[]) => {
    const found = list.filter((u) => !u.deactivated && matches(u.username, c.prefix) && !seen.has(u.id));
    for (const u of found) seen.add(u.id);
    return found.sort(byName(c.prefix));
  };
  const members = people(c.members).map((user): Suggestion => ({ kind: 'person', user, member: true }));
  const broadcasts = c.broadcasts
    ? BROADCASTS.filter((b) => matches(b.name, c.prefix)).map((b): Suggestion => ({ kind: 'broadcast', ...b }))
    : [];
  const others = people(c.others).map((user): Suggestion => ({ kind: 'person', user, member: false }));
  return [...members, ...broadcasts, ...others].slice(0, MAX_SUGGESTIONS);
}

const byName = (prefix: string) => {
  const exact = prefix.toLowerCase();
  return (a: User, b: User) => {
    const x = a.username.toLowerCase();
    const y = b.username.toLowerCase();
    return Number(y === exact) - Number(x === exact) || (x < y ? -1 : x > y ? 1 : 0);
  };
};

/** The text a suggestion inserts, without the "@". */
export const suggestionName = (s: Suggestion) => (s.kind === 'person' ? s.user.username : s.name);
