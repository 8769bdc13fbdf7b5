// The baseline for uploads: the least an HTTP server can do with one, stream the body to a file.
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = process.env.DATA_DIR ?? '/tmp';
let n = 0;
createServer((request, response) => {
  pipeline(request, createWriteStream(join(dir, `upload-${++n}`))).then(
    () => response.writeHead(201, { 'content-type': 'application/json' }).end('{}'),
    () => response.writeHead(400).end(),
  );
}).listen(Number(process.env.PORT), '127.0.0.1');
