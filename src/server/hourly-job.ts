// Runs one of the core's background jobs a minute after start and then hourly: the file sweep (src/core/files.ts)
// and message retention (src/core/retention.ts). Every node runs them; each is safe to run on several at once.
import type { Logger } from 'pino';

const FIRST_MS = 60_000;
const EVERY_MS = 3600_000;

export class HourlyJob {
  private timer: NodeJS.Timeout;
  private closed = false;

  /** `run` answers what it did, as counts: logged when any is not 0. */
  constructor(
    private readonly name: string,
    private readonly run: () => Promise<Record<string, number>>,
    private readonly log: Logger,
  ) {
    this.timer = setTimeout(() => this.tick(), FIRST_MS).unref();
  }

  private tick(): void {
    this.run()
      .then((done) => Object.values(done).some((n) => n > 0) && this.log.info(done, this.name))
      .catch((error: unknown) => this.log.warn({ err: error }, `${this.name} failed`))
      .finally(() => {
        if (!this.closed) this.timer = setTimeout(() => this.tick(), EVERY_MS).unref();
      });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
