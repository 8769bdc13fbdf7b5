// At most `limit` of a socket's expensive requests run at once; the rest wait their turn, in order. One client
// asking for 120 history pages at once then holds two pages in memory, not 120, and a client closed meanwhile
// (over its outbound budget, or gone) has its waiting requests dropped rather than computed for nobody.
export function bounded(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
