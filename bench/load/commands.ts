// The runner ↔ generator conversation (over the child-process IPC channel).
import type { TargetKind } from './client.js';
import type { LatencySummary } from './histogram.js';
import type { DeliveryReport } from './tracker.js';

export type Command =
  | { type: 'signup'; count: number; prefix: string; concurrency: number }
  /** `rooms[i]` is client i's room, or -1 for an idle connection in no room. */
  | { type: 'connect'; rooms: number[]; concurrency: number; tokens?: string[]; tolerateFailures?: boolean }
  | { type: 'settle'; quietMs: number; maxMs: number }
  | {
      type: 'load';
      messagesPerSec: number;
      durationMs: number;
      drainMs: number;
      bodyBytes: number;
      /** Flack only: every `every`-th slot is an edit of the sender's last message, the next a reaction toggle. */
      mix?: { every: number };
    }
  | { type: 'history'; conversationId: number; before: number | null; calls: number }
  | { type: 'close' };

export interface Target {
  kind: TargetKind;
  port: number;
  /** Whether the sender receives its own message (all three targets do: Flack's other tabs need it). */
  echoesSender: boolean;
}

export interface SignupResult {
  ms: number;
  tokens: string[];
}

export interface ConnectResult {
  connected: number;
  failed: number;
  /** Event frames received while connecting (e.g. presence notices). */
  framesDuringConnect: number;
  connectMs: number;
  joinMs: number;
  /** Flack conversation id per room. */
  roomRefs: (string | number)[];
}

export interface SettleResult {
  ms: number;
  frames: number;
}

export interface CpuUse {
  /** Busy time over wall time, in % of one core. */
  percent: number;
  userMs: number;
  systemMs: number;
  wallMs: number;
}

export interface LoadResult extends DeliveryReport {
  /** Mixed steps: the edits (tracked like messages: their new text carries a stamp) and reactions (untracked) sent. */
  edits?: number;
  reactions?: number;
  offeredMessagesPerSec: number;
  /** Deliveries per second the schedule asked for (messages/s × receivers per message). */
  offeredDeliveriesPerSec: number;
  /** Deliveries received over the send window plus drain. */
  achievedDeliveriesPerSec: number;
  sendLag: LatencySummary;
  acked: number;
  ackErrors: Record<string, number>;
  unacked: number;
  generatorCpu: CpuUse;
}

export interface HistoryResult {
  latency: LatencySummary;
  messagesPerPage: number;
  errors: number;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
