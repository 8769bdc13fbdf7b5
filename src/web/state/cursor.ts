// How far a timeline's change log is known to be complete. Every change bumps its conversation's clock by one, so
// holding every change up to `clock` is a single number; a live batch that starts past it means something is
// missing (lost, or merely overtaken: Redis and PostgreSQL notifications may deliver 687 before 686).
// Messages are applied as they come whatever the cursor says: the highest clock wins per message, so applying out
// of order is safe. The cursor only decides when to ask the server for what is missing.

interface Span {
  since: number;
  clock: number;
}

export class ChangeCursor {
  /** Every change up to here is held; null until the conversation's newest history page has arrived. */
  clock: number | null = null;
  /** Live batches past the cursor, waiting for what lies between to arrive. */
  private ahead: Span[] = [];

  /** The newest history page arrived: its clock was read before the page, so everything up to it is held. */
  start(clock: number): void {
    this.clock = clock;
    this.advance();
  }

  /** A live batch (already applied). Out-of-order ones wait in `ahead` until they connect. */
  live(since: number, clock: number): void {
    if (this.clock !== null && clock <= this.clock) return;
    this.ahead.push({ since, clock });
    this.advance();
  }

  /** A sync reply brought everything up to `clock`. */
  caughtUp(clock: number): void {
    if (this.clock === null) return;
    this.clock = Math.max(this.clock, clock);
    this.advance();
  }

  /** Something between the cursor and a batch already received is missing. */
  get gap(): boolean {
    return this.clock !== null && this.ahead.length > 0;
  }

  reset(): void {
    this.clock = null;
    this.ahead = [];
  }

  private advance(): void {
    const at = this.clock;
    if (at === null) return;
    let clock = at;
    for (let moved = true; moved; ) {
      moved = false;
      for (const s of this.ahead) {
        if (s.since <= clock && s.clock > clock) {
          clock = s.clock;
          moved = true;
        }
      }
    }
    this.clock = clock;
    this.ahead = this.ahead.filter((s) => s.clock > clock);
  }
}
