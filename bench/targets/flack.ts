// Flack itself, the real server: `src/server/main.ts` with a throwaway DATA_DIR (SQLite) and rate limits off.
import { existsSync } from 'node:fs';
import { launch, type Launched } from './launch.js';

export const FLACK_ENTRY = 'src/server/main.ts';

export interface FlackOptions {
  port: number;
  dataDir: string;
  cores?: string;
  nodeArgs?: string[];
}

export function startFlack(options: FlackOptions): Promise<Launched> {
  if (!existsSync(FLACK_ENTRY)) return Promise.reject(new Error(`${FLACK_ENTRY} does not exist yet`));
  return launch({
    entry: FLACK_ENTRY,
    port: options.port,
    cores: options.cores,
    nodeArgs: options.nodeArgs,
    env: { HOST: '127.0.0.1', DATA_DIR: options.dataDir, LOG_LEVEL: 'warn', RATE_LIMITS: 'off', SIGNUP_MODE: 'open' },
  });
}
