// Starts a server as a child process pinned to core 0, and reads its memory and CPU from /proc.
// Servers run as `node --import tsx <file>` (what `tsx <file>` does, minus tsx's wrapper process) so
// that the pid we measure is the server itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const SERVER_CORE = '0';
/**
 * The machine is shared (other engineers' builds and tests): measured processes run at the highest
 * priority, so whatever else runs gets only the time they leave. `nice` and `taskset` exec, so the child's
 * pid is node's own.
 */
export const PRIORITY = ['nice', '-n', '-20'];

export interface Launched {
  pid: number;
  port: number;
  stop(): Promise<void>;
  /** Last lines of its stderr, for error messages. */
  log(): string;
}

export interface LaunchOptions {
  entry: string;
  port: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** taskset CPU list; the server core unless said otherwise (fixture building may use every core). */
  cores?: string;
  readyTimeoutMs?: number;
}

// Never leave a server behind, whatever way the runner ends.
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export async function launch(options: LaunchOptions): Promise<Launched> {
  const pin = ['taskset', '-c', options.cores ?? SERVER_CORE];
  const node = [process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', options.entry];
  const [command = 'nice', ...args] = [...PRIORITY, ...pin, ...node];
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const launched: Launched = {
    pid: child.pid ?? -1,
    port: options.port,
    stop: () => stop(child),
    log: () => tail,
  };
  try {
    await waitForPort(options.port, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await launched.stop();
    throw new Error(`${options.entry} did not start: ${(error as Error).message}\n${tail}`);
  }
  return launched;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    if (await canConnect(port)) return;
    await sleep(100);
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM'); // taskset execs node, so this is the server itself
  const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resident memory in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** CPU time (user + system) consumed so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15 of the full line)
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux
