// Applying change batches to the messages a client holds: the one rule shared by the web app, bots and tests.
// A batch carries the current state of each message it touched, so applying it is an upsert where the copy
// with the higher clock wins — the same batch twice, or an old one late, changes nothing.
import type { Message } from './protocol.js';

/**
 * `held` (sorted by seq, one per id) with `incoming` merged in: new ids inserted in seq order, known ids replaced
 * when the incoming copy is newer. Returns `held` itself when nothing changed.
 */
export function mergeMessages(held: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (!incoming.length) return held;
  const index = new Map<number, number>();
  held.forEach((m, i) => index.set(m.id, i));
  let next: Message[] | null = null;
  const added: Message[] = [];
  for (const m of incoming) {
    const at = index.get(m.id);
    if (at === undefined) {
      index.set(m.id, -1 - added.length);
      added.push(m);
    } else if (at < 0) {
      if (m.clock > added[-1 - at]!.clock) added[-1 - at] = m;
    } else if (m.clock > (next ?? held)[at]!.clock) {
      next ??= [...held];
      next[at] = m;
    }
  }
  if (!added.length) return next ?? held;
  const base = next ?? held;
  const newest = base.at(-1)?.seq ?? 0;
  added.sort((a, b) => a.seq - b.seq);
  // The common case, a new message after everything held, needs no sort.
  return added[0]!.seq > newest ? [...base, ...added] : [...base, ...added].sort((a, b) => a.seq - b.seq);
}
