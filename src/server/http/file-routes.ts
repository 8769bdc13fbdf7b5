// POST /api/files (upload: the bytes are the body), DELETE /api/files/:id (discard an unsent upload),
// GET /files/:id/:name (the file) and GET /previews/:id (an image's preview). Every read goes through the
// conversation's access check; bytes stream to and from disk, never whole in memory.
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FlackError } from '../../core/errors.js';
import type { Flack } from '../../core/flack.js';
import { FILE_ID, FILE_LIMITS, PREVIEW_TYPES, type UploadReply } from '../../shared/files.js';
import { newFileId, type DiskFileBytes } from '../../storage/file-bytes/disk-file-bytes.js';
import type { FileRecord } from '../../storage/file-records.js';
import { inspectUpload } from '../files/inspect-upload.js';
import type { RateLimiter } from '../rate-limit.js';
import { text } from '../realtime/schemas.js';
import { validate } from '../validate.js';
import type { OriginPolicy } from './origin.js';
import { checkCsrf, currentUser } from './request-auth.js';

export interface FileRouteDeps {
  flack: Flack;
  fileBytes: DiskFileBytes;
  limiter: RateLimiter;
  origins: OriginPolicy;
}

const uploadQuery = z.object({ name: text(FILE_LIMITS.nameMax * 4).min(1) });
const fileParams = z.object({ id: z.string() });

/** Served as files may be opened straight in a tab: nothing in them runs, loads or frames anything. */
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
/** Types a browser could run or render as a page: always served as plain bytes. */
const ACTIVE_TYPES = /html|xml|svg|javascript|ecmascript|x-sh|wasm/i;

/** A name for display and Content-Disposition: no path, no control or direction characters, not too long. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
  return ([...clean].slice(0, FILE_LIMITS.nameMax).join('') || 'file').replace(/^\.+$/, 'file');
}

export async function registerFileRoutes(app: FastifyInstance, deps: FileRouteDeps): Promise<void> {
  const { flack, fileBytes } = deps;

  await app.register(async (scope) => {
    // The body is the file: handed to the route as the request stream, whatever its Content-Type says.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    scope.post('/api/files', async (request, reply) => {
      checkCsrf(deps.origins, request);
      const user = await currentUser(flack, request);
      const { name } = validate(uploadQuery, request.query, 'query');
      await deps.limiter.take('upload', String(user.id));
      const declared = request.headers['content-length'] === undefined ? null : Number(request.headers['content-length']);
      const limit = await flack.uploadLimit();
      if (declared !== null && declared > limit) throw tooLarge(limit, reply);
      if (declared !== null) {
        try {
          await flack.checkQuota(user.id, declared);
        } catch (error) {
          reply.header('connection', 'close'); // the body is not read
          throw error;
        }
      }
      const { path, stream } = fileBytes.createTemp();
      try {
        const size = await receive(request, stream, limit, reply);
        if (size === 0) throw new FlackError('file_invalid', 'That file is empty');
        if (declared !== null && size !== declared) throw new FlackError('file_invalid', 'The upload was cut off');
        const { preview, ...found } = await inspectUpload(path);
        const file = { id: newFileId(), name: cleanFileName(name), size, ...found };
        // The preview is written beside the file: on a disk that filled up meanwhile, that fails too.
        await fileBytes.commit(file.id, path, preview).catch((error: unknown) => {
          throw noRoom(error) ? storageFull() : error;
        });
        await flack.recordUpload(user.id, file).catch(async (error: unknown) => {
          await fileBytes.remove([file.id]);
          throw error;
        });
        const body: UploadReply = { file };
        return reply.status(201).send(body);
      } finally {
        await fileBytes.removeTemp(path);
      }
    });
  });

  app.delete('/api/files/:id', async (request, reply) => {
    checkCsrf(deps.origins, request);
    const user = await currentUser(flack, request);
    await flack.discardUpload(user.id, fileIdOf(request));
    return reply.status(204).send();
  });

  const serve = async (request: FastifyRequest, reply: FastifyReply, variant: 'file' | 'preview') => {
    const user = await currentUser(flack, request);
    const file = await flack.readableFile(user.id, fileIdOf(request));
    if (variant === 'preview' && file.width === undefined) throw new FlackError('not_found', 'That file has no preview');
    // The bytes never change: the id is their tag. Every request still passes the access check above.
    const etag = `"${file.id}-${variant}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache').header('content-security-policy', FILE_CSP);
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    const bytes = await fileBytes.read(file.id, variant);
    if (!bytes) throw new FlackError('not_found', 'No such file');
    reply.header('content-length', bytes.size);
    if (variant === 'preview') return reply.type('image/webp').send(bytes.stream);
    const inline = PREVIEW_TYPES.includes(file.type);
    reply.type(inline || !ACTIVE_TYPES.test(file.type) ? file.type : 'application/octet-stream');
    reply.header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file));
    return reply.send(bytes.stream);
  };
  app.get('/files/:id/:name', (request, reply) => serve(request, reply, 'file'));
  app.get('/previews/:id', (request, reply) => serve(request, reply, 'preview'));
}

/** The `:id` of a file route; one that cannot be an id is a file that does not exist. */
function fileIdOf(request: FastifyRequest): string {
  const { id } = validate(fileParams, request.params, 'params');
  if (!FILE_ID.test(id)) throw new FlackError('not_found', 'No such file');
  return id;
}

/** Streams the body to `out`, refusing it past `max` bytes; resolves with the size received. */
async function receive(request: FastifyRequest, out: NodeJS.WritableStream, max: number, reply: FastifyReply): Promise<number> {
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > max ? tooLarge(max, reply) : null, chunk);
    },
  });
  try {
    await pipeline(request.body as NodeJS.ReadableStream, count, out);
  } catch (error) {
    if (error instanceof FlackError) throw error;
    // The rest of the body may be unread: a connection kept alive would take it for the next request.
    reply.header('connection', 'close');
    if (noRoom(error)) throw storageFull();
    throw new FlackError('file_invalid', 'The upload was cut off');
  }
  return size;
}

const noRoom = (error: unknown) => ['ENOSPC', 'EDQUOT'].includes((error as NodeJS.ErrnoException).code ?? '');
const storageFull = () => new FlackError('storage_full', 'The server has no room for that file');

function tooLarge(max: number, reply: FastifyReply): FlackError {
  // The rest of the body is not read: the connection closes after the answer.
  reply.header('connection', 'close');
  return new FlackError('too_large', `Files are at most ${Math.round(max / 1024 / 1024)} MB`);
}

/** RFC 6266: an ASCII fallback, and the real name in RFC 8187 encoding. */
function contentDisposition(kind: 'inline' | 'attachment', file: FileRecord): string {
  const ascii = file.name.replace(/[^\x20-\x7E]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`;
}
