// Wraps a load step with the server's side of the story: its CPU and memory, and how much CPU anything
// else on the machine used meanwhile (other engineers' processes, the host), so a noisy step is visible.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command, LoadResult } from '../load/commands.js';
import type { Generator } from '../load/driver.js';
import { cpuMs, rssBytes } from '../targets/launch.js';

export interface MeasuredStep extends LoadResult {
  serverCpuPercent: number;
  serverRssMb: number;
  /** CPU used by everything except the server, the generator and the runner, in % of one core. */
  otherCpuPercent: number;
}

/**
 * Waits (up to `maxMs`) until the machine is quiet: under `limit`% of one core busy over half a second.
 * Between steps our own processes are idle, so what remains is someone else's build or test run.
 */
export async function waitForQuiet(maxMs: number, log: (line: string) => void, limit = 35): Promise<void> {
  const deadline = performance.now() + maxMs;
  let warned = false;
  for (;;) {
    const before = machineBusyMs();
    await sleep(500);
    const busy = percent(machineBusyMs() - before, 500);
    if (busy < limit || performance.now() > deadline) return;
    if (!warned) log(`    (machine busy: ${busy}% of a core used by others; waiting up to ${Math.round(maxMs / 1000)} s)`);
    warned = true;
  }
}

export async function measuredLoad(
  serverPid: number,
  generator: Generator,
  command: Extract<Command, { type: 'load' }>,
): Promise<MeasuredStep> {
  const before = { server: cpuMs(serverPid), machine: machineBusyMs(), runner: process.cpuUsage(), at: performance.now() };
  const result = await generator.run(command);
  const wallMs = performance.now() - before.at;
  const serverMs = cpuMs(serverPid) - before.server;
  const runner = process.cpuUsage(before.runner);
  const generatorMs = result.generatorCpu.userMs + result.generatorCpu.systemMs;
  const otherMs = machineBusyMs() - before.machine - serverMs - generatorMs - (runner.user + runner.system) / 1000;
  return {
    ...result,
    serverCpuPercent: percent(serverMs, wallMs),
    serverRssMb: Math.round(rssBytes(serverPid) / 1e5) / 10,
    otherCpuPercent: Math.max(0, percent(otherMs, wallMs)),
  };
}

const percent = (ms: number, wallMs: number) => Math.round((ms / wallMs) * 1000) / 10;

/** Busy CPU time of the whole machine so far (all cores), from /proc/stat. */
function machineBusyMs(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) * 10; // USER_HZ = 100
}
