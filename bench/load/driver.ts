// Runner side of the generator: spawns load/generator.ts pinned to core 1 and sends it typed commands.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  Command,
  ConnectResult,
  HistoryResult,
  LoadResult,
  Reply,
  SettleResult,
  SignupResult,
  Target,
} from './commands.js';
import { PRIORITY } from '../targets/launch.js';

export const GENERATOR_CORE = '1';
const ENTRY = fileURLToPath(new URL('./generator.ts', import.meta.url));

type ResultOf<C extends Command['type']> = {
  signup: SignupResult;
  connect: ConnectResult;
  settle: SettleResult;
  load: LoadResult;
  history: HistoryResult;
  close: null;
}[C];

export class Generator {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.result);
      else waiter?.reject(new Error(`generator: ${reply.error}`));
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`generator exited (${code})`));
      this.pending.clear();
    });
  }

  static start(target: Target): Generator {
    const [command = 'nice', ...args] = [...PRIORITY, 'taskset', '-c', GENERATOR_CORE, process.execPath, '--import', 'tsx', ENTRY, JSON.stringify(target)];
    return new Generator(spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  run<C extends Command>(command: C): Promise<ResultOf<C['type']>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.run({ type: 'close' }).catch(() => {});
    await exited;
  }
}
