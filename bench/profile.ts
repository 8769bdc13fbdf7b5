// `npx tsx bench/profile.ts [--rate=20000] [--seconds=10] [--targets=bare-socketio,flack] [--cpu-prof]`:
// one fixed offered load per target in the scenario-1 topology, reporting server CPU per delivered message —
// the number a hot-path change moves. With --cpu-prof, also where that CPU went.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from './config.js';
import type { TargetKind } from './load/client.js';
import { summarizeProfiles } from './report/profile-summary.js';
import { TARGETS, TARGET_NAMES } from './report/results.js';
import { measuredLoad } from './scenarios/measure.js';
import { cpuMs } from './targets/launch.js';
import { connectRooms } from './scenarios/rooms.js';
import { withSession } from './scenarios/session.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const rate = Number(arg('rate') ?? 20_000);
const seconds = Number(arg('seconds') ?? 10);
const only = arg('targets')?.split(',');
const targets = TARGETS.filter((t) => !only || only.includes(t)) as TargetKind[];
const perf = process.argv.includes('--perf');
const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(join(tmpdir(), 'flack-prof-')) : null;
const profile = PROFILES.quick;
const log = (line: string) => console.log(line);

for (const kind of targets) {
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, kind)}`] : perf ? ['--perf-basic-prof'] : undefined;
  await withSession(kind, { users: profile.throughput.clients, nodeArgs, log }, async (session) => {
    await connectRooms(session, profile);
    const cpuBefore = cpuMs(session.server.pid);
    const writesBefore = writeCalls(session.server.pid);
    const recorder = perf
      ? spawn('perf', ['record', '-e', 'cpu-clock', '-F', '999', '-g', '-o', `/tmp/flack-perf-${kind}.data`, '-p', String(session.server.pid)], { stdio: 'ignore' })
      : null;
    const step = await measuredLoad(session.server.pid, session.generator, {
      type: 'load',
      messagesPerSec: rate / profile.throughput.roomSize,
      durationMs: seconds * 1000,
      drainMs: 3000,
      bodyBytes: profile.throughput.bodyBytes,
    });
    if (recorder) {
      recorder.kill('SIGINT');
      await new Promise((resolve) => recorder.once('exit', resolve));
      log(`perf data: /tmp/flack-perf-${kind}.data`);
    }
    const cpuUsPerMessage = ((cpuMs(session.server.pid) - cpuBefore) * 1000) / step.messages;
    log(
      `${TARGET_NAMES[kind].padEnd(15)} ${rate}/s: server CPU ${step.serverCpuPercent}% = ${cpuUsPerMessage.toFixed(0)} µs/message, ${((writeCalls(session.server.pid) - writesBefore) / step.messages).toFixed(1)} write calls/message; ` +
        `p50 ${step.latency.p50} p99 ${step.latency.p99} p99.9 ${step.latency.p999} ms; lost ${step.lost} dup ${step.duplicates}; other CPU ${step.otherCpuPercent}%`,
    );
  });
}
if (profileDir) summarizeProfiles(profileDir, log, 25);
process.exit(0);

/** Write system calls made so far (/proc/<pid>/io syscw): one per socket write, batched or not. */
function writeCalls(pid: number): number {
  return Number(/syscw: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
}
