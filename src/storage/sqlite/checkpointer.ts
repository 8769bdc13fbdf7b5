// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever COMMIT crosses the
// threshold, blocking the server for milliseconds (the p99.9 of sends in docs/BENCHMARKS.md). Instead a worker
// thread with its own connection checkpoints every second; PASSIVE never blocks the writer.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS evaluated in the worker, so it needs no TypeScript loader.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch {} };
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.postMessage('closed');
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private closing?: Promise<void>;

  constructor(file: string, intervalMs = 1000) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
    this.worker.unref();
    this.worker.on('error', () => {}); // a failed checkpoint worker only costs WAL size; the writer checkpoints on close
  }

  close(): Promise<void> {
    return (this.closing ??= this.stop());
  }

  private async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      this.worker.once('message', () => (clearTimeout(timer), resolve()));
      this.worker.once('exit', () => (clearTimeout(timer), resolve()));
      this.worker.postMessage('close');
    });
    await this.worker.terminate();
  }
}
