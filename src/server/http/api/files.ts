// The upload is served by file-routes.ts (its body is the file, streamed to disk); it is described here so that
// the document tells scripts how to attach a file: upload it, then send its id in `files`.
import { z } from 'zod';
import { FILE_LIMITS } from '../../../shared/files.js';
import { text } from '../../realtime/schemas.js';
import type { ForeignRoute } from './route.js';
import { uploadReply } from './schemas.js';

export const fileRoutes: ForeignRoute[] = [
  {
    method: 'POST',
    path: '/api/files',
    servedBy: 'src/server/http/file-routes.ts',
    operationId: 'uploadFile',
    tag: 'files',
    summary: 'Upload a file: the body is its bytes (any content-type, not multipart)',
    description:
      'At most the workspace’s upload limit. The file is yours alone until a message carries it ' +
      '(`files` of POST /api/v1/conversations/{id}/messages); unsent uploads go after 24 hours.',
    query: z.object({ name: text(FILE_LIMITS.nameMax * 4).min(1) }),
    body: 'bytes',
    status: 201,
    response: uploadReply,
    rateLimit: { bucket: 'upload', cost: 1 },
    errors: ['too_large', 'quota_exceeded', 'file_invalid', 'storage_full', 'forbidden'],
  },
];
