// The shape of bench/results/*.json, and writing it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mode, Profile } from '../config.js';
import type { TargetKind } from '../load/client.js';
import type { ConnectResult } from '../load/commands.js';
import type { FixedRate } from '../scenarios/fixed-rate.js';
import type { HistoryScenario } from '../scenarios/history.js';
import type { IdleResult } from '../scenarios/idle.js';
import type { MaxRate } from '../scenarios/max-rate.js';
import type { MeasuredStep } from '../scenarios/measure.js';
import type { Machine } from './machine.js';

export type Outcome<T> = T | { error: string };
export type PerTarget<T> = Partial<Record<TargetKind, Outcome<T>>>;

export const TARGETS: TargetKind[] = ['raw-ws', 'bare-socketio', 'flack'];
export const TARGET_NAMES: Record<TargetKind, string> = {
  'raw-ws': 'raw ws',
  'bare-socketio': 'bare Socket.IO',
  flack: 'Flack',
};

export interface Results {
  startedAt: string;
  finishedAt: string;
  durationS: number;
  mode: Mode;
  command: string;
  machine: Machine;
  profile: Profile;
  targets: Record<TargetKind, { available: boolean; reason?: string }>;
  topology: PerTarget<Omit<ConnectResult, 'roomRefs'>>;
  maxRate: PerTarget<MaxRate>;
  fixedRate: PerTarget<FixedRate>;
  /** Flack: the same load with edits and reactions mixed in (scenario 2b). */
  mixed?: Outcome<FixedRate> | null;
  idle: PerTarget<IdleResult>;
  history: Outcome<HistoryScenario> | null;
  fanout: PerTarget<MeasuredStep>;
}

export function ok<T>(outcome: Outcome<T> | null | undefined): T | undefined {
  return outcome && !(typeof outcome === 'object' && 'error' in outcome) ? (outcome as T) : undefined;
}

/** Writes `<dir>/<timestamp>.json` and `<dir>/latest.json`; returns the first path. */
export function writeResults(results: Results, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  const text = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return file;
}
