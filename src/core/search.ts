// Full-text search of a user's own conversations. The scope is the membership join inside the one storage call: a
// conversation the user is not in (never joined, left, removed from, deleted) is never examined, so a result can
// never be something they could not open now. Public channels they have not joined are not searched either, though
// `history` would show them: a search answers "where was that said to me", and a workspace's every public channel
// would make its cost grow with the workspace instead of with the reader.
import { LIMITS, type SearchPage } from '../shared/protocol.js';
import type { CoreDeps } from './ports.js';
import { newestThatFit } from './reply-size.js';
import { highlight, parseSearchQuery } from './search-query.js';

export async function search(
  deps: CoreDeps,
  userId: number,
  input: { query: string; before?: number; limit?: number },
): Promise<SearchPage> {
  const query = parseSearchQuery(input.query);
  const limit = Math.min(input.limit ?? LIMITS.searchPage, LIMITS.searchPageMax);
  // One more than the page, to know whether another follows.
  const found = await deps.storage.searchMessages({ userId, ...query, beforeId: input.before, limit: limit + 1 });
  // Capped in bytes like a history page (which is oldest first, hence the reversals): the newest that fit.
  const { messages, cut } = newestThatFit(found.slice(0, limit).reverse());
  const page = messages.reverse();
  return {
    results: page.map((message) => ({
      conversationId: message.conversationId,
      message,
      highlights: highlight(message.body, query).slice(0, LIMITS.searchHighlightsMax),
    })),
    next: found.length > limit || cut ? page.at(-1)!.id : null,
  };
}
