// `npm run bench` (quick, < 3 min) · `npm run bench -- --full` · `npm run bench -- --smoke` (CI: seconds, asserts
// only that every scenario ran). `--profile` also writes CPU profiles of Flack under bench/.cache/profiles/.
// `--targets=flack,bare-socketio` limits the targets (and leaves docs/ alone). `--report=<results.json>` only
// regenerates docs/BENCHMARKS.md and the chart from a results file.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES, type Mode } from './config.js';
import { historyDb } from './fixtures/history-db.js';
import type { TargetKind } from './load/client.js';
import { describeMachine } from './report/machine.js';
import { renderReport } from './report/markdown.js';
import { summarizeProfiles } from './report/profile-summary.js';
import { TARGETS, TARGET_NAMES, writeResults, type Outcome, type Results } from './report/results.js';
import { fanout } from './scenarios/fanout.js';
import { fixedRate } from './scenarios/fixed-rate.js';
import { MIX_EVERY, mixedRate } from './scenarios/mixed.js';
import { historyPages } from './scenarios/history.js';
import { idleConnections } from './scenarios/idle.js';
import { describe, maxRate } from './scenarios/max-rate.js';
import { connectRooms } from './scenarios/rooms.js';
import { withSession, type SessionOptions } from './scenarios/session.js';
import { FLACK_ENTRY } from './targets/flack.js';

const args = process.argv.slice(2);
const reportFrom = args.find((a) => a.startsWith('--report='))?.slice('--report='.length);
if (reportFrom) {
  console.log(`Report: ${renderReport(JSON.parse(readFileSync(reportFrom, 'utf8')) as Results)}`);
  process.exit(0);
}
const mode: Mode = args.includes('--full') ? 'full' : args.includes('--smoke') ? 'smoke' : 'quick';
const profile = PROFILES[mode];
const only = args.find((a) => a.startsWith('--targets='))?.slice('--targets='.length).split(',');
const targets = TARGETS.filter((t) => !only || only.includes(t));
const startedAt = new Date();
const profileDir = args.includes('--profile') ? join('bench/.cache/profiles', startedAt.toISOString().replace(/[:.]/g, '-')) : null;
const log = (line: string) => console.log(line);

async function attempt<T>(what: string, run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return await run();
  } catch (error) {
    log(`  ${what}: ERROR ${(error as Error).message.split('\n').slice(0, 3).join(' | ')}`);
    return { error: (error as Error).message };
  }
}

function sessionOptions(kind: TargetKind, scenario: string, users: number): SessionOptions {
  const nodeArgs = kind === 'flack' && profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, scenario)}`] : undefined;
  return { users, nodeArgs, log };
}

const results: Results = {
  startedAt: startedAt.toISOString(),
  finishedAt: '',
  durationS: 0,
  mode,
  command: `npm run bench${mode === 'quick' ? '' : ` -- --${mode}`}`,
  machine: describeMachine(),
  profile,
  targets: {
    'raw-ws': { available: true },
    'bare-socketio': { available: true },
    flack: existsSync(FLACK_ENTRY) ? { available: true } : { available: false, reason: `${FLACK_ENTRY} not found` },
  },
  topology: {},
  maxRate: {},
  fixedRate: {},
  idle: {},
  mixed: null,
  history: null,
  fanout: {},
};
const available = targets.filter((t) => results.targets[t].available);

log(`Flack benchmarks, ${mode} mode (${results.machine.nproc} cores, ${results.machine.cpuModel}, node ${results.machine.node})`);
for (const note of profile.scaledDown) log(`  scaled down: ${note}`);
if (!results.targets.flack.available) log(`  Flack unavailable: ${results.targets.flack.reason}`);

for (const kind of available) {
  log(`\n[1+2] ${TARGET_NAMES[kind]}: ${profile.throughput.clients} clients in rooms of ${profile.throughput.roomSize}`);
  const rooms = await attempt('rooms', () =>
    withSession(kind, sessionOptions(kind, 'rooms', profile.throughput.clients), async (session) => {
      const { roomRefs: _, ...topology } = await connectRooms(session, profile);
      results.topology[kind] = topology;
      log(`  connected in ${topology.connectMs} ms, rooms joined in ${topology.joinMs} ms`);
      const fixed = await fixedRate(session, profile, log);
      results.fixedRate[kind] = fixed;
      log(`  fixed ${profile.fixedRate.deliveriesPerSec}/s: p50 ${fixed.latency.p50} p99 ${fixed.latency.p99} p99.9 ${fixed.latency.p999} ms | ${describe(fixed)}`);
      if (kind === 'flack') {
        const mixed = await mixedRate(session, profile, log);
        results.mixed = mixed;
        log(`  mixed (1 in ${MIX_EVERY} an edit, 1 in ${MIX_EVERY} a reaction): p50 ${mixed.latency.p50} p99 ${mixed.latency.p99} p99.9 ${mixed.latency.p999} ms; ${mixed.edits} edits, ${mixed.reactions} reactions | ${describe(mixed)}`);
      }
      results.maxRate[kind] = await maxRate(session, profile, log);
    }),
  );
  if (rooms && 'error' in rooms) results.maxRate[kind] ??= rooms;
}

for (const kind of available) {
  log(`\n[3] ${TARGET_NAMES[kind]}: ${profile.idle.connections} idle connections`);
  results.idle[kind] = await attempt('idle', () =>
    withSession(kind, sessionOptions(kind, 'idle', profile.idle.connections), async (session) => {
      const idle = await idleConnections(session, profile);
      log(`  ${idle.connections} connected (${idle.failed} failed) in ${idle.connectMs} ms, settled after ${idle.settleMs} ms; RSS ${idle.rssBeforeMb} → ${idle.rssAfterMb} MB = ${idle.rssPerConnectionKb} KB/connection`);
      return idle;
    }),
  );
}

if (available.includes('flack')) {
  log(`\n[4] Flack: history in a channel of ${profile.history.rows.toLocaleString('en')} messages`);
  results.history = await attempt('history', async () => {
    const db = await historyDb(profile.history.rows, log);
    const options = { ...sessionOptions('flack', 'history', 0), fixture: { dir: db.dir, tokens: [db.token] } };
    return withSession('flack', options, async (session) => {
      const history = await historyPages(session, profile, db);
      log(`  newest page: p50 ${history.newest.latency.p50} p99 ${history.newest.latency.p99} ms; older page (before ${history.older.before}): p50 ${history.older.latency.p50} p99 ${history.older.latency.p99} ms`);
      return history;
    });
  });
}

for (const kind of available) {
  log(`\n[5] ${TARGET_NAMES[kind]}: one room of ${profile.fanout.members}, ${profile.fanout.messagesPerSec} messages/s`);
  results.fanout[kind] = await attempt('fanout', () =>
    withSession(kind, sessionOptions(kind, 'fanout', profile.fanout.members), async (session) => {
      const step = await fanout(session, profile, log);
      log(`  delivery p50 ${step.latency.p50} p99 ${step.latency.p99} p99.9 ${step.latency.p999} ms; last member p99 ${step.completion.p99} ms | ${describe(step)}`);
      return step;
    }),
  );
}

results.finishedAt = new Date().toISOString();
results.durationS = Math.round((Date.now() - startedAt.getTime()) / 1000);
// Partial runs (smoke, --targets) go to a temporary directory: bench/results/latest.json is always a whole run.
const dir = mode === 'smoke' || only ? mkdtempSync(join(tmpdir(), 'flack-bench-')) : 'bench/results';
log(`\nResults: ${writeResults(results, dir)} (${results.durationS} s)`);
if (mode !== 'smoke' && !only) log(`Report: ${renderReport(results)}`);
if (profileDir) summarizeProfiles(profileDir, log);

if (mode === 'smoke') {
  const failures = smokeFailures(results);
  for (const failure of failures) log(`smoke: FAILED ${failure}`);
  if (failures.length) process.exit(1);
  log(`smoke: every scenario ran on ${available.map((t) => TARGET_NAMES[t]).join(', ')}`);
}
process.exit(0);

function smokeFailures(r: Results): string[] {
  const failures: string[] = [];
  const check = (what: string, outcome: unknown, delivered?: (o: never) => number) => {
    if (!outcome) failures.push(`${what}: did not run`);
    else if (typeof outcome === 'object' && 'error' in outcome) failures.push(`${what}: ${String(outcome.error).split('\n')[0]}`);
    else if (delivered && !(delivered(outcome as never) > 0)) failures.push(`${what}: delivered nothing`);
  };
  for (const kind of available) {
    check(`max rate ${kind}`, r.maxRate[kind], (o: { steps: { delivered: number }[] }) => o.steps[0]?.delivered ?? 0);
    check(`fixed rate ${kind}`, r.fixedRate[kind], (o: { delivered: number }) => o.delivered);
    check(`idle ${kind}`, r.idle[kind], (o: { connections: number }) => o.connections);
    check(`fanout ${kind}`, r.fanout[kind], (o: { delivered: number }) => o.delivered);
  }
  if (available.includes('flack')) {
    check('history flack', r.history, (o: { newest: { latency: { count: number } } }) => o.newest.latency.count);
    check('mixed flack', r.mixed, (o: { delivered: number; reactions?: number }) => Math.min(o.delivered, o.reactions ?? 0));
  }
  return failures;
}
