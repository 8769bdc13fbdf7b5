// Whom the composer offers after "@": the conversation's members whose username starts with what was typed, then
// other people of the workspace. Neither list is held whole (protocol 3), so both are asked of the server by prefix
// (`conversation:members` and `users:search`, a few rows each), after a short pause so typing sends one request per
// pause rather than one per letter. A prefix whose answer was complete answers every longer prefix by itself: in a
// small workspace "@" is the only request. Until an answer arrives, a shorter prefix's answer filtered is shown.
import { signal } from '@preact/signals';
import type { User } from '../../shared/protocol.js';
import { MAX_SUGGESTIONS, matches, rankSuggestions, type Suggestion } from '../lib/autocomplete.js';
import { rpc } from './client.js';
import { conversations, rememberUsers, upsertUsers } from './directory.js';
import type { PageOf } from './people.js';
import { me } from './session.js';

interface Answer {
  users: User[];
  /** Everyone matching the prefix is in `users`. */
  complete: boolean;
}

type ListName = 'members' | 'others';
// Members are of one conversation; other people are of the workspace, whatever the conversation.
const keyOf = (list: ListName, conversationId: number, prefix: string) => `${list}:${list === 'members' ? conversationId : ''}:${prefix}`;

// One row more than is shown: the answer may hold yourself, who is never offered. With members ranked first, that is
// also enough people for the rows the members leave (any members among them are told apart by id).
const ASK = MAX_SUGGESTIONS + 1;

export class MentionLookup {
  // keyOf(list, conversation, prefix) → the server's answer.
  private readonly answers = signal<ReadonlyMap<string, Answer>>(new Map());
  private readonly asked = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  // The keys waiting for the pause to end; asked again by every render meanwhile, which must not restart the pause.
  private due = '';

  constructor(
    private readonly deps: {
      members: (conversationId: number, prefix: string, limit: number) => Promise<PageOf<User>>;
      people: (prefix: string, limit: number) => Promise<PageOf<User>>;
      delayMs: number;
    },
  ) {}

  /**
   * The members (unless `knownMembers`, a DM's, are given) and the other people matching `prefix` as far as known
   * now; asks the server for what is not. Reads a signal: a component calling it re-renders when answers arrive.
   */
  candidates(conversationId: number, prefix: string, knownMembers?: readonly User[]): { members: User[]; others: User[] } {
    const p = prefix.toLowerCase();
    const wanted: ListName[] = [];
    const find = (list: ListName): User[] => {
      const found = this.best(keyOf(list, conversationId, ''), p);
      if (!found.exact) wanted.push(list);
      return found.users;
    };
    const members = knownMembers ? knownMembers.filter((u) => matches(u.username, p)) : find('members');
    const others = find('others');
    if (wanted.length) this.ask(conversationId, p, wanted);
    return { members, others };
  }

  /** Forget every answer (the list closed: the next one asks afresh, so joins and sign-ups show). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = '';
    this.asked.clear();
    if (this.answers.peek().size) this.answers.value = new Map();
  }

  /** The answer for `prefix`, or for the longest shorter prefix, filtered: exact if that one was complete. */
  private best(scope: string, prefix: string): { users: User[]; exact: boolean } {
    const answers = this.answers.value;
    for (let n = prefix.length; n >= 0; n--) {
      const answer = answers.get(scope + prefix.slice(0, n));
      if (!answer) continue;
      const users = n === prefix.length ? answer.users : answer.users.filter((u) => matches(u.username, prefix));
      return { users, exact: n === prefix.length || answer.complete };
    }
    return { users: [], exact: false };
  }

  // The latest prefix only: one typed over before its pause ended is never asked.
  private ask(conversationId: number, prefix: string, lists: ListName[]): void {
    const fresh = lists
      .map((list) => ({ list, key: keyOf(list, conversationId, prefix) }))
      .filter(({ key }) => !this.asked.has(key));
    const due = fresh.map(({ key }) => key).join(' ');
    if (!fresh.length || due === this.due) return;
    clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.due = '';
      for (const { list, key } of fresh) {
        this.asked.add(key);
        const request = list === 'members' ? this.deps.members(conversationId, prefix, ASK) : this.deps.people(prefix, ASK);
        // A failed request is not asked again until the list opens again (clear): no request per render.
        request.then((page) => this.store(key, { users: page.items, complete: page.next === null }), () => undefined);
      }
    }, this.deps.delayMs);
  }

  private store(key: string, answer: Answer): void {
    if (!this.asked.has(key)) return; // cleared while on its way
    const next = new Map(this.answers.value);
    next.set(key, answer);
    this.answers.value = next;
  }
}

// ---------- this client's instance ----------

const lookup = new MentionLookup({
  members: async (conversationId, query, limit) => {
    const { members, next } = await rpc('conversation:members', { conversationId, query, limit });
    rememberUsers(members);
    return { items: members, next };
  },
  people: async (query, limit) => {
    const { users, next } = await rpc('users:search', { query, limit });
    upsertUsers(users);
    return { items: users, next };
  },
  delayMs: 120,
});

/** What the composer's list shows for "@prefix" in this conversation (it fills in as the server answers). */
export function mentionSuggestions(conversationId: number, prefix: string): Suggestion[] {
  const c = conversations.value.get(conversationId);
  if (!c) return [];
  const dm = c.kind === 'dm';
  const { members, others } = lookup.candidates(conversationId, prefix, dm ? (c.members ?? []) : undefined);
  return rankSuggestions({ prefix, members, others, broadcasts: !dm, meId: me.value?.id });
}

/** The list closed. */
export const endMentionSuggestions = () => lookup.clear();
