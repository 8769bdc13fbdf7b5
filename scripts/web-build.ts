// Builds the web app into dist/web when it is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUTPUT = join(ROOT, 'dist/web/index.html');
const SOURCES = ['src/web', 'src/shared', 'vite.config.ts'].map((path) => join(ROOT, path));

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

export function webBuildIsStale(): boolean {
  if (!existsSync(OUTPUT)) return true;
  return Math.max(...SOURCES.map(newestChange)) > statSync(OUTPUT).mtimeMs;
}

export async function ensureWebBuilt(): Promise<void> {
  if (!existsSync(join(ROOT, 'src/web/index.html')) || !webBuildIsStale()) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
