// The machine a run happened on, as the report states it.
import { availableParallelism, cpus, release, totalmem } from 'node:os';

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  pinning: string;
}

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    pinning: 'server: nice -n -20 taskset -c 0; load generator: nice -n -20 taskset -c 1',
  };
}
