// Sends Web Push notifications off the send path: one bounded in-memory queue per node, a few requests at a time,
// each with a timeout. Push services are outside our control, so this degrades quietly: a full queue drops the
// newest work, a failed push is logged once per subscription and never retried, and a 404/410 (the subscription
// expired, RFC 8030 §7.3) deletes it. On a cluster each node pushes for the messages it stored.
import webpush from 'web-push';
import type { Logger } from 'pino';
import type { Pusher, PushDelivery } from '../../core/ports.js';
import type { VapidKeys } from '../../storage/push-store.js';

export interface PushQueueOptions {
  keys: VapidKeys;
  /** The VAPID subject (RFC 8292 §2.1): a mailto: or https: contact for the push services. */
  subject: string;
  log: Pick<Logger, 'warn'>;
  delivered(id: number): Promise<void>;
  expired(id: number): Promise<void>;
  concurrency?: number;
  maxQueued?: number;
  timeoutMs?: number;
}

type Task = () => Promise<void>;

export class PushQueue implements Pusher {
  private readonly queue: Task[] = [];
  private running = 0;
  private readonly failing = new Set<number>();
  private full = false;
  private closed = false;
  private readonly idle = new Set<() => void>();

  constructor(private readonly options: PushQueueOptions) {}

  later(job: () => Promise<PushDelivery[]>): void {
    this.enqueue(async () => {
      for (const delivery of await job()) this.enqueue(() => this.send(delivery));
    });
  }

  /** Resolves once nothing is queued or running (shutdown, tests). */
  drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    return this.drain();
  }

  private enqueue(task: Task): void {
    if (this.closed) return;
    if (this.queue.length >= (this.options.maxQueued ?? 1000)) {
      if (!this.full) this.options.log.warn('push queue full: dropping notifications until it empties');
      this.full = true;
      return;
    }
    this.queue.push(task);
    this.pump();
  }

  private pump(): void {
    while (this.running < (this.options.concurrency ?? 8) && this.queue.length > 0) {
      const task = this.queue.shift()!;
      this.running++;
      void task()
        .catch((error: unknown) => this.options.log.warn({ err: error }, 'could not work out whom to push to'))
        .finally(() => {
          this.running--;
          if (this.queue.length === 0) this.full = false;
          this.pump();
          if (this.running > 0 || this.queue.length > 0) return;
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        });
    }
  }

  private async send({ subscription, payload }: PushDelivery): Promise<void> {
    const { keys, subject, timeoutMs = 10_000 } = this.options;
    // web-push encrypts (RFC 8291, aes128gcm) and signs (VAPID); fetch sends, so a timeout bounds every request.
    const request = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      JSON.stringify(payload),
      { vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey }, TTL: 24 * 3600, contentEncoding: 'aes128gcm', urgency: 'high' },
    );
    try {
      const response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: new Uint8Array(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status === 404 || response.status === 410) return await this.options.expired(subscription.id);
      if (!response.ok) throw new Error(`push service answered ${response.status}`);
      this.failing.delete(subscription.id);
      await this.options.delivered(subscription.id);
    } catch (error) {
      if (this.failing.has(subscription.id)) return;
      this.failing.add(subscription.id);
      this.options.log.warn({ err: error, subscription: subscription.id }, 'a push failed (logged once until one succeeds)');
    }
  }
}

/** The key pair from the environment, else the one stored (made on the first start). */
export async function vapidKeys(fromEnv: VapidKeys | undefined, stored: (candidate: VapidKeys) => Promise<VapidKeys>): Promise<VapidKeys> {
  return fromEnv ?? stored(webpush.generateVAPIDKeys());
}
