// `npm start` runs this (after building the web app). Configuration: environment variables, see README.
import { startFlack } from './app.js';
import { loadConfig } from './config.js';

const running = await startFlack(loadConfig());
console.log(`Flack is running at ${running.url}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
