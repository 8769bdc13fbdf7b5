// A 25 MB upload (MAX_UPLOAD_MB's default): time, and how much the server's resident memory grows while it takes
// it, for a file of random bytes and for a 25 MB PNG (decoded for its preview). The baseline, in the same run, is
// a bare Node HTTP server that streams the body to a file. The goal: memory growth well under the file's size.
// Run: npx tsx bench/upload.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { freePort, launch, rssBytes, type Launched } from './targets/launch.js';
import { startFlack } from './targets/flack.js';

const RUNS = 5;
const MB = 1024 * 1024;

interface Sample {
  ms: number;
  growthMb: number;
}

/** RSS growth is noisy (the collector returns memory when it likes): the median of the runs, and the worst. */
const mb = (s: { growthMb: number; maxGrowthMb: number }) => `${s.growthMb.toFixed(1)} MB (max ${s.maxGrowthMb.toFixed(1)})`;

async function timedUpload(server: Launched, path: string, bytes: Blob, headers: Record<string, string>): Promise<Sample> {
  const before = rssBytes(server.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid))), 5);
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, { method: 'POST', headers, body: bytes });
  const body = await response.arrayBuffer();
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes(server.pid));
  if (response.status !== 201) throw new Error(`upload of ${bytes.size} bytes to ${path} answered ${response.status}: ${new TextDecoder().decode(body)}`);
  return { ms, growthMb: (peak - before) / MB };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function series(server: Launched, path: string, buffer: Buffer, headers: Record<string, string> = {}) {
  const bytes = new Blob([new Uint8Array(buffer)]);
  await timedUpload(server, path, bytes, headers); // warm-up
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await timedUpload(server, path, bytes, headers));
  const growth = samples.map((s) => s.growthMb);
  return { ms: median(samples.map((s) => s.ms)), growthMb: median(growth), maxGrowthMb: Math.max(...growth) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'flack-bench-upload-'));
  const random = randomBytes(25 * MB);
  // Noise does not compress: 2,860 × 2,860 RGB is a PNG of about 24.5 MB, 8.2 megapixels to decode.
  const noise = randomBytes(2860 * 2860 * 3);
  const image = await sharp(noise, { raw: { width: 2860, height: 2860, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
  const bare = await launch({ entry: 'bench/targets/bare-upload.ts', port: await freePort(), env: { DATA_DIR: dir } });
  const flack = await startFlack({ port: await freePort(), dataDir: join(dir, 'flack') });
  try {
    const signUp = await fetch(`http://127.0.0.1:${flack.port}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bencher', password: 'correct horse battery' }),
    });
    const { token } = (await signUp.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const rows = [
      ['random bytes', random.length, await series(bare, '/', random), await series(flack, '/api/files?name=r.bin', random, auth)],
      ['PNG', image.length, await series(bare, '/', image), await series(flack, '/api/files?name=i.png', image, auth)],
    ] as const;
    console.log('| 25 MB upload | size | bare: time | Flack: time | ratio | bare: RSS growth | Flack: RSS growth |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [what, size, b, f] of rows) {
      console.log(
        `| ${what} | ${(size / MB).toFixed(1)} MB | ${b.ms.toFixed(0)} ms | ${f.ms.toFixed(0)} ms | ${(f.ms / b.ms).toFixed(2)}× | ${mb(b)} | ${mb(f)} |`,
      );
    }
  } finally {
    await Promise.all([bare.stop(), flack.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
