// A benchmark message body: `~FB~<id>~<scheduled send time, µs>~xxxx…`, padded to a fixed size.
// Only [0-9a-z~] so it survives JSON encoding unchanged, and receivers can find it in a raw frame
// with one indexOf instead of decoding the whole Socket.IO packet.

const MARK = '~FB~';
const MARK_BYTES = Buffer.from(MARK);

export function makeBody(id: number, sentAtUs: number, size: number): string {
  const head = `${MARK}${id}~${Math.round(sentAtUs)}~`;
  return head.length >= size ? head : head + 'x'.repeat(size - head.length);
}

export interface Stamp {
  id: number;
  sentAtUs: number;
}

/** Reads the stamp out of a raw frame (any wrapping), or null when the frame carries no benchmark body. */
export function readStamp(frame: Buffer): Stamp | null {
  const at = frame.indexOf(MARK_BYTES);
  if (at < 0) return null;
  let i = at + MARK_BYTES.length;
  let id = 0;
  for (let c = frame[i]; c !== undefined && c !== 0x7e; c = frame[++i]) id = id * 10 + (c - 0x30);
  let sentAtUs = 0;
  for (let c = frame[++i]; c !== undefined && c !== 0x7e; c = frame[++i]) sentAtUs = sentAtUs * 10 + (c - 0x30);
  return { id, sentAtUs };
}
