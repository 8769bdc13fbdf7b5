// Runs the core's file sweep a minute after start and then hourly (src/core/files.ts says what it removes).
import type { Logger } from 'pino';
import type { Flack } from '../../core/flack.js';

const FIRST_MS = 60_000;
const EVERY_MS = 3600_000;

export class FileSweeper {
  private timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly flack: Pick<Flack, 'sweepFiles'>,
    private readonly log: Logger,
  ) {
    this.timer = setTimeout(() => this.run(), FIRST_MS).unref();
  }

  private run(): void {
    this.flack
      .sweepFiles()
      .then((swept) => swept.expired + swept.orphans && this.log.info(swept, 'swept files'))
      .catch((error: unknown) => this.log.warn({ err: error }, 'file sweep failed'))
      .finally(() => {
        if (!this.closed) this.timer = setTimeout(() => this.run(), EVERY_MS).unref();
      });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
