// Every node reads the presence feed (a Redis stream, see presence-scripts.ts) from its own offset: through a lost
// connection or a Redis restart it waits, then reads on from where it was, so no transition is skipped or repeated.
import type { Redis } from 'ioredis';
import { parseTransition } from './presence-scripts.js';

type Entries = [stream: string, entries: [id: string, fields: string[]][]][] | null;

/** Calls `onChange` for each transition appended to the feed (a stream key) from now on, until `stop()`. */
export async function followPresenceFeed(
  redis: Redis,
  feed: string,
  onChange: (userId: number, online: boolean) => void,
): Promise<{ stop(): void }> {
  const [newest] = (await redis.xrevrange(feed, '+', '-', 'COUNT', 1)) as [string, string[]][];
  let offset = newest?.[0] ?? '0-0';
  let stopped = false;
  void (async () => {
    while (!stopped) {
      try {
        const reply = (await redis.xread('COUNT', 1000, 'BLOCK', 2000, 'STREAMS', feed, offset)) as Entries;
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          offset = id;
          const change = parseTransition(fields[1] ?? '');
          if (change) onChange(change.userId, change.online);
        }
      } catch {
        if (!stopped) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  })();
  return { stop: () => void (stopped = true) };
}
