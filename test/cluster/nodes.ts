// Flack nodes as real processes, the way they run in production: `main.ts` with its configuration in the environment.
// Node runs tsx in-process (`--import tsx`) so that the pid we hold is the server itself: `kill -9` through
// `npx tsx` would kill the wrapper and leave the server running.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freePort, sleep } from './services.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface NodeOptions {
  /** Absent: the node runs on SQLite in its own data directory. */
  databaseUrl?: string;
  redisUrl?: string;
  rateLimits?: boolean;
  publicUrl?: string;
  trustProxy?: boolean;
  /** The uploaded files' directory, shared by the nodes of a cluster (default: in the node's data directory). */
  filesDir?: string;
}

export interface FlackNode {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown code runs, like a crashed machine. */
  kill(): Promise<void>;
  /** SIGTERM, the graceful stop systemd sends. */
  stop(): Promise<void>;
}

export async function startNode(name: string, options: NodeOptions): Promise<FlackNode> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `flack-${name}-`));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...(options.databaseUrl && { DATABASE_URL: options.databaseUrl }),
    ...(options.redisUrl && { REDIS_URL: options.redisUrl }),
    LOG_LEVEL: 'warn',
    RATE_LIMITS: options.rateLimits ? 'on' : 'off',
    SIGNUP_MODE: 'open',
    DATA_DIR: dataDir,
    ...(options.publicUrl && { PUBLIC_URL: options.publicUrl }),
    ...(options.trustProxy && { TRUST_PROXY: 'true' }),
    ...(options.filesDir && { FILES_DIR: options.filesDir }),
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await Promise.race([exited, sleep(10_000)]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const node: FlackNode = {
    name,
    url,
    port,
    pid: child.pid ?? -1,
    output: () => output,
    kill: () => stopWith('SIGKILL'),
    stop: () => stopWith('SIGTERM'),
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`node ${name} exited with ${child.exitCode}:\n${output}`);
        return fetch(`${url}/readyz`).then((r) => r.ok, () => false);
      },
      30_000,
      `node ${name} to be ready`,
    );
  } catch (error) {
    await node.kill();
    throw error;
  }
  return node;
}
