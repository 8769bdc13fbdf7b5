// `npx tsx bench/profile.ts [--rate=20000] [--seconds=10] [--idle=N] [--targets=bare-socketio,flack] [--perf|--cpu-prof]`
// One fixed offered load per target in the scenario-1 topology (or, with --idle=N, N idle connections as in
// scenario 3), reporting the server's CPU and write system calls per message (per connection) — the numbers a
// hot-path change moves. --perf records `perf record -g` of the server during the measured part
// (/tmp/flack-perf-<target>.data, JS frames named through --perf-basic-prof); --cpu-prof writes V8 profiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from './config.js';
import type { TargetKind } from './load/client.js';
import { summarizeProfiles } from './report/profile-summary.js';
import { TARGETS, TARGET_NAMES } from './report/results.js';
import { idleConnections } from './scenarios/idle.js';
import { measuredLoad } from './scenarios/measure.js';
import { connectRooms } from './scenarios/rooms.js';
import { withSession, type Session } from './scenarios/session.js';
import { cpuMs } from './targets/launch.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const rate = Number(arg('rate') ?? 20_000);
const seconds = Number(arg('seconds') ?? 10);
const idle = arg('idle') ? Number(arg('idle')) : null;
const only = arg('targets')?.split(',');
const targets = TARGETS.filter((t) => !only || only.includes(t)) as TargetKind[];
const perf = process.argv.includes('--perf');
const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(join(tmpdir(), 'flack-prof-')) : null;
const profile = PROFILES.quick;
const log = (line: string) => console.log(line);

for (const kind of targets) {
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, kind)}`] : perf ? ['--perf-basic-prof'] : undefined;
  const users = idle ?? profile.throughput.clients;
  await withSession(kind, { users, nodeArgs, log }, async (session) => {
    if (idle !== null) {
      const measured = await measure(session, async () => {
        const result = await idleConnections(session, { ...profile, idle: { ...profile.idle, connections: idle } });
        return { units: result.connections, result };
      });
      const { result } = measured;
      log(
        `${TARGET_NAMES[kind].padEnd(15)} ${idle} idle: connected in ${result.connectMs} ms, settled after ${result.settleMs} ms, ` +
          `${result.framesReceived} frames; ${measured.cpuUs.toFixed(0)} µs CPU and ${measured.writes.toFixed(1)} write calls per connection; ` +
          `${result.rssPerConnectionKb} KB/connection`,
      );
      return;
    }
    await connectRooms(session, profile);
    const measured = await measure(session, async () => {
      const step = await measuredLoad(session.server.pid, session.generator, {
        type: 'load',
        messagesPerSec: rate / profile.throughput.roomSize,
        durationMs: seconds * 1000,
        drainMs: 3000,
        bodyBytes: profile.throughput.bodyBytes,
      });
      return { units: step.messages, result: step };
    });
    const step = measured.result;
    if (kind === 'flack') log(`  Flack's own event-loop lag (/metrics): ${await eventLoopLag(session.server.port)}`);
    log(
      `${TARGET_NAMES[kind].padEnd(15)} ${rate}/s: server CPU ${step.serverCpuPercent}% = ${measured.cpuUs.toFixed(0)} µs/message, ` +
        `${measured.writes.toFixed(1)} write calls/message; p50 ${step.latency.p50} p99 ${step.latency.p99} p99.9 ${step.latency.p999} ms; ` +
        `lost ${step.lost} dup ${step.duplicates}; other CPU ${step.otherCpuPercent}%`,
    );
  });
}
if (profileDir) summarizeProfiles(profileDir, log, 25);
process.exit(0);

/** Runs `work` with the server's CPU time, write calls and (with --perf) a perf recording around it. */
async function measure<R>(session: Session, work: () => Promise<{ units: number; result: R }>) {
  const pid = session.server.pid;
  const cpuBefore = cpuMs(pid);
  const writesBefore = writeCalls(pid);
  const recorder = perf ? record(session.kind, pid) : null;
  const { units, result } = await work();
  if (recorder) {
    recorder.kill('SIGINT');
    await new Promise((resolve) => recorder.once('exit', resolve));
    log(`perf data: /tmp/flack-perf-${session.kind}.data`);
  }
  return { result, cpuUs: ((cpuMs(pid) - cpuBefore) * 1000) / units, writes: (writeCalls(pid) - writesBefore) / units };
}

function record(kind: TargetKind, pid: number): ChildProcess {
  const args = ['record', '-e', 'cpu-clock', '-F', '999', '-g', '-o', `/tmp/flack-perf-${kind}.data`, '-p', String(pid)];
  return spawn('perf', args, { stdio: 'ignore' });
}

/** Write system calls made so far (/proc/<pid>/io syscw): one per socket write, batched or not. */
function writeCalls(pid: number): number {
  return Number(/syscw: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
}

async function eventLoopLag(port: number): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return ['p50', 'p99', 'max']
    .map((q) => {
      const value = new RegExp(`^nodejs_eventloop_lag_${q}_seconds(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1];
      return `${q} ${value ? (Number(value) * 1000).toFixed(1) : '?'} ms`;
    })
    .join(', ');
}
