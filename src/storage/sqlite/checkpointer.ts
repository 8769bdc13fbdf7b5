// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever COMMIT crosses the
// threshold, blocking the server for milliseconds (the p99.9 of sends in docs/BENCHMARKS.md). Instead a worker
// thread with its own connection checkpoints every second; PASSIVE never blocks the writer.
// The log is rewound (reused from its start) only once a checkpoint has copied all of it. Under steady writes one
// pass never gets there — new frames arrive while it copies — and the log would grow for as long as the load
// lasts, slowing every page lookup; so each tick passes again until it has caught up, and when the writer still
// outpaces it (a machine short of CPU) ends with one RESTART pass, which holds new writes back until it is done.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS evaluated in the worker, so it needs no TypeScript loader.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const checkpoint = (mode) => { try { return db.pragma('wal_checkpoint(' + mode + ')')[0]; } catch { return null; } };
// A pass copies the frames there were when it began; it has caught up once a pass finds nothing new to copy.
const catchUp = () => {
  let previous = -1;
  for (let pass = 0; pass < 10; pass++) {
    const result = checkpoint('PASSIVE');
    if (!result || result.busy || result.log === previous) return;
    previous = result.log;
  }
  // The writer outpaces the copying (a machine short of CPU): one pass that holds new writes back until it is
  // done, so the log is rewound all the same. Rare, and bounded by what the log holds.
  checkpoint('RESTART');
};
const timer = setInterval(catchUp, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  catchUp();
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
    // A failed worker only costs WAL size: the writer's own checkpoint past 40 MB takes over.
    this.worker.on('error', () => {});
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
