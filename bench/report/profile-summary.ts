// Prints where a V8 CPU profile (--cpu-prof) spent its time: self time per function, and the share of
// samples under each project source file (inclusive), which is what a fix starts from.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarizeProfiles(dir: string, log: (line: string) => void, top = 15): void {
  for (const file of findProfiles(dir)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const { self, inclusive, total, idle } = tally(profile);
    log(`\nCPU profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${pct(total - idle, total)} busy`);
    log('  self time (of busy):');
    for (const [name, us] of sorted(self).slice(0, top)) log(`    ${pct(us, total - idle).padStart(6)}  ${name}`);
    log('  inclusive, project files (of busy):');
    for (const [name, us] of sorted(inclusive).slice(0, top)) log(`    ${pct(us, total - idle).padStart(6)}  ${name}`);
  }
}

function findProfiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findProfiles(path);
    return name.endsWith('.cpuprofile') ? [path] : [];
  });
}

function tally(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    total += us;
    if (node.callFrame.functionName === '(idle)') return void (idle += us);
    add(self, label(node), us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame || !/\/(src)\//.test(frame.callFrame.url)) continue;
      const name = label(frame);
      if (!seen.has(name)) seen.add(name), add(inclusive, name, us);
    }
  });
  return { self, inclusive, total, idle };
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*?\/(src|node_modules)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}:${columnNumber + 1}` : ''}`.trim();
}

const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
const pct = (part: number, whole: number) => `${((part / Math.max(1, whole)) * 100).toFixed(1)}%`;
