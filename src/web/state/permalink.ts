// Links to one message. The format, in the location's hash so the server needs no route for it:
//   #/c/<conversationId>/m/<messageId>/s/<seq>             a top-level message
//   #/c/<conversationId>/m/<messageId>/s/<seq>/t/<rootId>  a reply (seq: its place in the thread)
// The seq is in the link because there is no event to look a message up by id: with it the client asks for the
// history around that seq (of the root, for a reply) directly. The hash is cleared once followed, so a reload
// does not jump again.
import { jumpToMessage, notAvailable, type MessageAt } from './jump.js';
import { showNotice } from './ui.js';

export function permalink(conversationId: number, m: MessageAt): string {
  const thread = m.threadId === null ? '' : `/t/${m.threadId}`;
  return `${location.origin}${location.pathname}#/c/${conversationId}/m/${m.id}/s/${m.seq}${thread}`;
}

/** The message a hash names, or null if it is not a message link. */
export function parsePermalink(hash: string): { conversationId: number; message: MessageAt } | null {
  const match = /^#\/c\/(\d+)\/m\/(\d+)\/s\/(\d+)(?:\/t\/(\d+))?\/?$/.exec(hash);
  if (!match) return null;
  const [, c, id, seq, thread] = match.map(Number) as [number, number, number, number, number];
  return { conversationId: c, message: { id, seq, threadId: Number.isNaN(thread) ? null : thread } };
}

/** Follows the location's message link, if there is one (after the snapshot: conversations must be known). */
export function followPermalink(): void {
  const { hash } = location;
  if (!hash.startsWith('#/c/')) return;
  history.replaceState(null, '', location.pathname + location.search);
  const link = parsePermalink(hash);
  if (link) void jumpToMessage(link.conversationId, link.message);
  else notAvailable();
}

export async function copyLink(conversationId: number, m: MessageAt): Promise<void> {
  const url = permalink(conversationId, m);
  try {
    await navigator.clipboard.writeText(url);
    showNotice('Link copied.');
  } catch {
    // No clipboard (an insecure origin, a refused permission): the link is still worth having.
    showNotice(`Could not copy the link: ${url}`);
  }
}
