// `npm run dev`: the Flack server under `tsx watch` on FLACK_DEV_API_PORT (3001), and Vite's dev server with hot
// reload in front of it, proxying /api and /socket.io (WebSocket included) so the browser sees one origin.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const apiPort = process.env.FLACK_DEV_API_PORT ?? '3001';
const webPort = Number(process.env.PORT ?? 5173);

// The proxy keeps the browser's Host header, so the server's same-origin checks pass unchanged.
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
const api = spawn(process.execPath, [tsxCli, 'watch', '--clear-screen=false', 'src/server/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PORT: apiPort, HOST: '127.0.0.1' },
});

process.env.FLACK_DEV_API_PORT = apiPort;
const vite = await createServer({ configFile: 'vite.config.ts', server: { port: webPort, strictPort: true } });
await vite.listen();
vite.printUrls();
console.log(`  ➜  API:     http://127.0.0.1:${apiPort} (tsx watch src/server/main.ts)`);

let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  api.kill('SIGTERM');
  await vite.close();
  process.exit(code);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
api.on('exit', (code) => {
  if (!stopping) {
    console.error(`Flack server exited (${code ?? 'signal'}); stopping.`);
    void stop(code ?? 1);
  }
});
