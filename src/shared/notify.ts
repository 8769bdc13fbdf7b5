// Whether a new message notifies one person: the one rule the web app's in-tab notifications and the server's
// Web Push both follow. By default every direct message and elsewhere what mentions you; never when muted or at
// 'nothing', never your own, never a system notice. A reply notifies only those who follow its thread (a mention by
// name makes you follow it); `@channel` and `@here` in a reply mean its followers.
import { renderMarkup } from './markup/render.js';
import { allNodes } from './markup/walk.js';
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

/** A body as a notification shows it: the text of its formatting, on one line, at most `max` characters. */
export function plainText(body: string, max = 140): string {
  const parts: string[] = [];
  for (const node of allNodes(renderMarkup(body))) {
    if (node.t === 'text' || node.t === 'code') parts.push(node.text);
    else if (node.t === 'mention') parts.push(node.text);
    else if (node.t === 'channel') parts.push(`#${node.name}`);
    else if (node.t === 'br' || node.t === 'p' || node.t === 'li') parts.push(' ');
    else if (node.t === 'pre') parts.push(' [code] ');
  }
  const text = parts.join('').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
