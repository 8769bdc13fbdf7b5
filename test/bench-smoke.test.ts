// CI runs the benchmark in its smoke mode so it never rots. It asserts that every scenario ran, not a speed.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run bench -- --smoke', () => {
  it('runs every scenario against raw ws, bare Socket.IO and Flack', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke'], {
      encoding: 'utf8',
      timeout: 150_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/smoke: every scenario ran on .*Flack/);
  }, 180_000);
});
