// The last row of a paged list: "Load more" while the server has more.
import type { Pages } from './usePages.js';

export function LoadMore({ pages }: { pages: Pages<unknown> }) {
  if (!pages.more) return null;
  return (
    <li class="load-more">
      <button type="button" class="btn small" disabled={pages.loading} onClick={pages.loadMore}>
        {pages.loading ? 'Loading…' : 'Load more'}
      </button>
    </li>
  );
}
