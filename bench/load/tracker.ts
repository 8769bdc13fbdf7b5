// Per-message bookkeeping for one load step: who should receive each message, who did, how late.
// Message ids keep counting across steps, so a straggler from an earlier step is recognised as stale
// rather than taken for a new message.
import { microsHistogram, summarize, type LatencySummary } from './histogram.js';
import type { Stamp } from './payload.js';

export interface Receiver {
  room: number;
  /** Position within the room, 0-based: one bit per member records a receipt. */
  index: number;
}

export interface DeliveryReport {
  messages: number;
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  misrouted: number;
  stale: number;
  /** Send → delivery, every receiver. */
  latency: LatencySummary;
  /** Send → delivery at the last receiver, per fully delivered message. */
  completion: LatencySummary;
}

export class Tracker {
  private readonly rooms: Uint32Array;
  private readonly received: Uint32Array;
  private readonly seen: Uint8Array;
  private readonly stride: number;
  private readonly latency = microsHistogram();
  private readonly completion = microsHistogram();
  private sent = 0;
  private expectedTotal = 0;
  private delivered = 0;
  private duplicates = 0;
  private misrouted = 0;
  private stale = 0;

  constructor(
    readonly firstId: number,
    private readonly capacity: number,
    private readonly roomSizes: number[],
    private readonly echoesSender: boolean,
  ) {
    this.rooms = new Uint32Array(capacity);
    this.received = new Uint32Array(capacity);
    this.stride = Math.ceil(Math.max(...roomSizes) / 8);
    this.seen = new Uint8Array(capacity * this.stride);
  }

  /** Registers a message before it is sent; returns false when the step is full. */
  expect(id: number, room: number, senderIndex: number): boolean {
    const slot = id - this.firstId;
    if (slot >= this.capacity) return false;
    this.rooms[slot] = room;
    this.sent++;
    this.expectedTotal += this.expectedFor(slot);
    // A non-echoing server owes the sender nothing: mark it received up front.
    if (!this.echoesSender) this.mark(slot, senderIndex);
    return true;
  }

  /** A slot that carries no tracked message (a reaction in a mixed step): counted as sent, expected nowhere. */
  skip(id: number): void {
    const slot = id - this.firstId;
    if (slot >= this.capacity) return;
    this.rooms[slot] = 0xffffffff;
    this.sent++;
  }

  private expectedFor(slot: number): number {
    if (this.rooms[slot] === 0xffffffff) return 0;
    const size = this.roomSizes[this.rooms[slot] ?? 0] ?? 0;
    return this.echoesSender ? size : size - 1;
  }

  deliver(stamp: Stamp, receiver: Receiver, nowUs: number): void {
    const slot = stamp.id - this.firstId;
    if (slot < 0 || slot >= this.sent) return void this.stale++;
    if (this.rooms[slot] !== receiver.room) return void this.misrouted++;
    if (!this.mark(slot, receiver.index)) return void this.duplicates++;
    const elapsed = Math.max(1, nowUs - stamp.sentAtUs);
    this.delivered++;
    this.latency.recordValue(elapsed);
    const count = (this.received[slot] = (this.received[slot] ?? 0) + 1);
    if (count === this.expectedFor(slot)) this.completion.recordValue(elapsed);
  }

  get complete(): boolean {
    return this.delivered >= this.expectedTotal;
  }

  report(): DeliveryReport {
    const expected = this.expectedTotal;
    return {
      messages: this.sent,
      expected,
      delivered: this.delivered,
      lost: expected - this.delivered,
      duplicates: this.duplicates,
      misrouted: this.misrouted,
      stale: this.stale,
      latency: summarize(this.latency),
      completion: summarize(this.completion),
    };
  }

  /** Sets the receipt bit; false if it was already set. */
  private mark(slot: number, index: number): boolean {
    const at = slot * this.stride + (index >> 3);
    const bit = 1 << (index & 7);
    const byte = this.seen[at] ?? 0;
    if (byte & bit) return false;
    this.seen[at] = byte | bit;
    return true;
  }
}
