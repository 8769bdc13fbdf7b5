// Catch-up without an index on the hot path. A message changed after it was created (edited, deleted, reacted to,
// a root whose thread got a reply) is found through a partial index of changed messages, `clock <> created_clock`,
// which a new message never enters. A message created after the reader's clock and not changed since is found by
// position instead: within a conversation (or a thread) creation clocks grow with seq, so they are the newest few,
// read from the end until one is older — a handful of rows for a client that was away briefly. Every new reply
// stamps its root, so the threads to look into are among the changed roots.

export interface Candidate<Row> {
  id: number;
  clock: number;
  createdClock: number;
  /** 0 for a top-level message. */
  threadId: number;
  replyCount: number;
  row: Row;
}

export interface ChangeSource<Row> {
  /** Messages with clock > since that changed after creation, in clock order, at most `limit`. */
  changed(since: number, limit: number): Promise<Candidate<Row>[]>;
  /** The newest `count` messages of the conversation's top level (threadId 0) or of one thread, newest first. */
  newest(threadId: number, count: number): Promise<Candidate<Row>[]>;
}

/** Every message whose clock is past `since`, once, in clock order (then id); more than `limit` means too many. */
export async function changesSince<Row>(source: ChangeSource<Row>, since: number, limit: number): Promise<Candidate<Row>[]> {
  const found = new Map<number, Candidate<Row>>();
  for (const c of await source.changed(since, limit + 1)) found.set(c.id, c);
  const createdAfter = async (threadId: number) => {
    for (let count = 8; ; count = Math.min(count * 8, limit + 1)) {
      const newest = await source.newest(threadId, count);
      const fresh = newest.filter((c) => c.createdClock > since);
      for (const c of fresh) if (!found.has(c.id)) found.set(c.id, c);
      // Done once an older one shows up, the thread ends, or there are too many anyway.
      if (fresh.length < newest.length || newest.length < count || count === limit + 1) return;
    }
  };
  await createdAfter(0);
  const roots = [...found.values()].filter((c) => c.threadId === 0 && c.replyCount > 0);
  for (const root of roots) {
    if (found.size > limit) break;
    await createdAfter(root.id);
  }
  return [...found.values()].sort((a, b) => a.clock - b.clock || a.id - b.id).slice(0, limit + 1);
}
