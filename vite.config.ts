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
    // The service worker (sw.ts) is an entry of its own at /sw.js: its URL is its scope, so it must be at the root
    // and keep its name.
    rolldownOptions: {
      input: { main: 'src/web/index.html', sw: 'src/web/sw.ts' },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: {
    proxy: {
      '/api': { target },
      '/socket.io': { target, ws: true },
    },
  },
});
