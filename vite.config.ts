import { defineConfig } from 'vite';

// The web client. `npm run build` writes dist/web, which the Flack server serves under a strict CSP:
// no inline scripts and no eval, so nothing here may rely on either.
// (Client modules live outside /api/ so the dev proxy never swallows them.)
// In dev (scripts/dev.ts) the Flack server runs on FLACK_DEV_API_PORT and Vite proxies HTTP and WebSocket to it.
const apiPort = Number(process.env.FLACK_DEV_API_PORT ?? 3001);
const target = `http://localhost:${apiPort}`;

export default defineConfig({
  root: 'src/web',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The emoji picker's data (~570 kB, 86 kB gzipped) is one lazily loaded chunk, fetched when the picker first
    // opens; the main bundle is what this limit should watch.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': { target },
      '/socket.io': { target, ws: true },
    },
  },
});
