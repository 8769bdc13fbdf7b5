// The REST API's one table: Fastify's routes (register.ts) and the OpenAPI document (openapi.ts) are both made
// from it, so neither can list a route the other lacks.
import { z } from 'zod';
import { conversationRoutes } from './conversations.js';
import { fileRoutes } from './files.js';
import { messageRoutes } from './messages.js';
import { openApiDocument } from './openapi.js';
import { route, type TableRoute } from './route.js';

const documentRoute = route({
  method: 'GET',
  path: '/api/v1/openapi.json',
  operationId: 'openApi',
  tag: 'meta',
  summary: 'This document (OpenAPI 3.1)',
  auth: false,
  status: 200,
  response: z.record(z.string(), z.unknown()),
  rateLimit: null,
  errors: [],
  handler: async () => openApi(),
});

export const API_ROUTES: readonly TableRoute[] = [...conversationRoutes, ...messageRoutes, ...fileRoutes, documentRoute];

let document: Record<string, unknown> | undefined;
export const openApi = () => (document ??= openApiDocument(API_ROUTES));
