// Whether a new message notifies one person: the one rule the web app's in-tab notifications and the server's
// Web Push both follow. By default every direct message and elsewhere what mentions you; never when muted or at
// 'nothing', never your own, never a system notice. A reply notifies only those who follow its thread (a mention by
// name makes you follow it); `@channel` and `@here` in a reply mean its followers.
import type { Message, NotifyLevel } from './protocol.js';

export interface Reader {
  id: number;
  /** Their level in effect in this conversation (its own, else their default for its kind). */
  level: NotifyLevel;
  muted: boolean;
  /** For a reply: whether they follow its thread. */
  follows: boolean;
  /** Whether `@here` counts for them: they were online when it was sent. */
  here: boolean;
}

type Notifying = Pick<Message, 'authorId' | 'kind' | 'deletedAt' | 'editedAt' | 'threadId' | 'mentions' | 'mentionsAll' | 'mentionsHere'>;

export function notifies(m: Notifying, reader: Reader): boolean {
  if (m.authorId === reader.id || m.kind !== 'user' || m.deletedAt !== null || m.editedAt !== null) return false;
  if (reader.muted || reader.level === 'nothing') return false;
  const named = m.mentions.includes(reader.id);
  if (m.threadId !== null && !reader.follows && !named) return false;
  return reader.level === 'all' || named || m.mentionsAll === true || (m.mentionsHere === true && reader.here);
}
