// One target, freshly started for one scenario, with its own generator process. Always torn down.
import { rmSync } from 'node:fs';
import type { TargetKind } from '../load/client.js';
import { Generator } from '../load/driver.js';
import { scratchDataDir } from '../fixtures/cache.js';
import { signedUpUsers } from '../fixtures/users.js';
import { startFlack } from '../targets/flack.js';
import { freePort, launch, type Launched } from '../targets/launch.js';

export interface Session {
  kind: TargetKind;
  server: Launched;
  generator: Generator;
  /** Flack session tokens, one per client to connect (empty for the baselines). */
  tokens: string[];
}

export interface SessionOptions {
  /** Flack: signed-up users needed, or a ready DATA_DIR template and its tokens. */
  users?: number;
  fixture?: { dir: string; tokens: string[] };
  /** Extra node flags for the server (e.g. --cpu-prof). */
  nodeArgs?: string[];
  log: (line: string) => void;
}

export async function withSession<T>(kind: TargetKind, options: SessionOptions, use: (s: Session) => Promise<T>): Promise<T> {
  const port = await freePort();
  let dataDir: string | undefined;
  let tokens: string[] = [];
  let server: Launched;
  if (kind === 'flack') {
    const fixture = options.fixture ?? (options.users ? await signedUpUsers(options.users, options.log) : undefined);
    tokens = fixture?.tokens ?? [];
    dataDir = scratchDataDir(fixture?.dir);
    server = await startFlack({ port, dataDir, nodeArgs: options.nodeArgs });
  } else {
    server = await launch({ entry: `bench/targets/${kind}.ts`, port, nodeArgs: options.nodeArgs });
  }
  const generator = Generator.start({ kind, port, echoesSender: true });
  try {
    return await use({ kind, server, generator, tokens });
  } finally {
    await generator.close();
    await server.stop();
    const warnings = new Set(server.log().split('\n').filter((line) => /Warning|"level":[45]0/.test(line)));
    for (const line of [...warnings].slice(0, 3)) options.log(`  server said: ${line.slice(0, 300)}`);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
