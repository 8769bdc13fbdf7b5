// Sends outgoing webhooks, beside the send path: every node runs one. Each run queues what the hooks have not
// looked at yet (src/core/outgoing-queue.ts), then leases due deliveries and sends them, several at once, so one
// slow target does not hold up the others. It runs every second, and soon after any message (nudge).
// A delivery is sent at least once: one whose node died mid-send is sent again, with the same id, once its lease
// has expired. A graceful close waits for the sends under way and records them, so none is sent twice.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Flack } from '../../core/flack.js';
import type { ClaimedDelivery, DeliveryOutcome } from '../../storage/outgoing-store.js';
import type { Storage } from '../../storage/storage.js';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff.js';
import { replyOf, sendDelivery } from './send.js';

const EVERY_MS = 1_000;
const IN_FLIGHT_MAX = 16;
const MIN_GAP_MS = 100;

export interface OutgoingWorkerDeps {
  flack: Pick<Flack, 'queueOutgoing' | 'postOutgoingReply'>;
  storage: Pick<Storage, 'claimOutgoing' | 'finishOutgoing'>;
  allowPrivate: boolean;
  leaseMs: number;
  log: Logger;
  now?: () => number;
}

export class OutgoingWorker {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly leaseToken = randomBytes(12).toString('base64url');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastRun = 0;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly deps: OutgoingWorkerDeps) {
    this.now = deps.now ?? Date.now;
    this.schedule(EVERY_MS);
  }

  /**
   * Something may have changed (a message was posted): run soon. However many nudges come meanwhile, runs are at
   * least MIN_GAP_MS apart, so a busy workspace costs a few queries a second, not a few per message.
   */
  nudge(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(Math.max(0, this.lastRun + MIN_GAP_MS - this.now()));
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), ms).unref();
  }

  private run(): void {
    this.lastRun = this.now();
    this.again = false;
    this.running = (async () => {
      const { enabled } = await this.deps.flack.queueOutgoing();
      const room = IN_FLIGHT_MAX - this.inFlight.size;
      if (enabled === 0 || room <= 0 || this.closed) return;
      const claimed = await this.deps.storage.claimOutgoing({ now: this.now(), leaseMs: this.deps.leaseMs, limit: room, leaseToken: this.leaseToken });
      for (const delivery of claimed) this.track(this.deliver(delivery));
    })()
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'outgoing webhooks: a run failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) this.nudge();
        else this.schedule(EVERY_MS);
      });
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      this.nudge(); // room for the next one
    });
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    try {
      const sent = await sendDelivery(
        { id: delivery.id, url: delivery.url, secret: delivery.secret, body: delivery.payload },
        { allowPrivate: this.deps.allowPrivate, now: this.now },
      );
      if (this.abandoned) return;
      let outcome: DeliveryOutcome;
      if (sent.ok) {
        const reply = replyOf(sent.body);
        let error: string | null = null;
        if (reply) {
          // Before it is marked delivered: a crash in between sends it again, and the reply (idempotent) posts once.
          error = await this.deps.flack.postOutgoingReply(delivery, reply).then(
            () => null,
            (failure: unknown) => `the reply was not posted: ${failure instanceof Error ? failure.message : String(failure)}`,
          );
        }
        outcome = { status: 'delivered', httpStatus: sent.status, error };
      } else {
        const wait = sent.retry && delivery.attempts < MAX_ATTEMPTS ? retryDelayMs(delivery.attempts) : null;
        outcome =
          wait === null
            ? { status: 'failed', httpStatus: sent.status, error: sent.error }
            : { status: 'pending', httpStatus: sent.status, error: sent.error, nextAttemptAt: this.now() + wait };
      }
      await this.deps.storage.finishOutgoing(delivery.rowId, delivery.leaseToken, outcome, this.now());
    } catch (error) {
      this.deps.log.warn({ err: error, delivery: delivery.id }, 'outgoing webhooks: a delivery failed');
    }
  }

  private abandoned = false;

  /** Stops, then waits for the run and the sends under way and records their outcomes. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
    await Promise.all([...this.inFlight]);
  }

  /**
   * What a crash leaves behind, for tests: stops at once and records nothing of the sends under way (their
   * leases stay until they expire).
   */
  abandon(): void {
    this.abandoned = true;
    this.closed = true;
    clearTimeout(this.timer);
  }
}
