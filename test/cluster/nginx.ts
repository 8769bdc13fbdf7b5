// nginx in front of test nodes, configured by deploy/nginx.conf itself: only the listen/TLS lines and the upstream
// addresses change, so the proxying that users deploy is the proxying that is tested.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freePort, NGINX, sleep } from './services.js';

const TEMPLATE = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

/** deploy/nginx.conf for plain HTTP on 127.0.0.1:port with these upstream addresses ("127.0.0.1:3001"). */
export function renderNginxConfig(port: number, upstreams: string[]): string {
  const template = readFileSync(TEMPLATE, 'utf8');
  const withoutRedirect = template.replace(/\nserver \{\n {4}listen 80;[\s\S]*?\n\}\n/, '\n');
  const upstreamLine = /^( {4}server )\d+\.\d+\.\d+\.\d+:\d+( .*;)$/m;
  const options = upstreamLine.exec(withoutRedirect)?.[2];
  if (!options) throw new Error('deploy/nginx.conf: no upstream server line found');
  const config = withoutRedirect
    .replace(new RegExp(`(${upstreamLine.source}\\n)+`, 'm'), upstreams.map((address) => `    server ${address}${options}\n`).join(''))
    .replace(/^ {4}listen 443 ssl http2;$/m, `    listen 127.0.0.1:${port};`)
    .replace(/^ {4}(listen \[::\]:443.*|ssl_\w+ .*)\n/gm, '');
  if (config.includes('ssl') && /\bssl_/.test(config)) throw new Error('deploy/nginx.conf: TLS lines left over');
  return config;
}

export interface Nginx {
  url: string;
  stop(): Promise<void>;
  errors(): string;
}

/** Reserves the port first, so nodes can be told their PUBLIC_URL before nginx starts. */
export async function reserveNginx(): Promise<{ port: number; url: string }> {
  const port = await freePort();
  return { port, url: `http://127.0.0.1:${port}` };
}

export async function startNginx(port: number, upstreams: string[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'flack-nginx-'));
  const errorLog = join(dir, 'error.log');
  const main = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${errorLog} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  ${renderNginxConfig(port, upstreams)}
}
`;
  writeFileSync(join(dir, 'nginx.conf'), main);
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errors = () => {
    let log = '';
    try {
      log = readFileSync(errorLog, 'utf8');
    } catch {}
    return `${stderr}${log}`;
  };
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited: ${errors()}`);
        return fetch(`${url}/healthz`).then((r) => r.ok, () => false);
      },
      10_000,
      'nginx to proxy /healthz',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, errors };
}
