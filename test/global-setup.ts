// Runs once before all test files. The browser tests load the built web app from dist/web, so rebuild it
// when it is missing or older than any source it is built from (the same check `npm start` makes).
import { ensureWebBuilt, webBuildIsStale } from '../scripts/web-build.js';

export default async function setup(): Promise<void> {
  if (!webBuildIsStale()) return;
  const started = Date.now();
  await ensureWebBuilt();
  console.log(`[global-setup] built the web app in ${Date.now() - started} ms`);
}
