// `npm start`: build the web app if its sources changed, then run the server.
import { ensureWebBuilt } from './web-build.js';

await ensureWebBuilt();
await import('../src/server/main.js');
