// The OpenAPI 3.1 document, generated from the route table with zod's own JSON Schema output (draft 2020-12,
// the dialect OpenAPI 3.1 uses), so the document says exactly what the routes validate and answer.
import { z } from 'zod';
import { SESSION_COOKIE } from '../../../shared/protocol.js';
import { servedHere, type TableRoute } from './route.js';
import { COMPONENTS } from './schemas.js';

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

/** `/api/v1/messages/:id` → `/api/v1/messages/{id}` */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function openApiDocument(routes: readonly TableRoute[]): Json {
  // Every body and answer goes through one registry, so what they share is one component, referenced.
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const nameOf = (schema: z.ZodType, fallback: string) => {
    if (!registry.has(schema)) registry.add(schema, { id: fallback });
    return registry.get(schema)!.id;
  };
  const operations = routes.map((route) => {
    const response = nameOf(route.response, `${capitalised(route.operationId)}Reply`);
    const body = route.body === 'bytes' || !route.body ? route.body : nameOf(route.body, `${capitalised(route.operationId)}Body`);
    return { route, response, body };
  });
  // Requests are described as they are sent (io: 'input'); the answers have no transforms, so it is one pass.
  const { schemas } = z.toJSONSchema(registry, { io: 'input', uri: (id) => `#/components/schemas/${id}` });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }

  const paths: Record<string, Json> = {};
  for (const { route, response, body } of operations) {
    const item = (paths[openApiPath(route.path)] ??= {});
    const codes = ['invalid', ...route.errors, 'internal'].map((code) => `\`${code}\``).join(', ');
    item[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description && { description: route.description }),
      tags: [route.tag],
      ...(route.auth === false && { security: [] }),
      parameters: [
        ...parametersOf(route.params, 'path'),
        ...parametersOf(route.query, 'query'),
        ...parametersOf(route.headers, 'header'),
      ],
      ...(body === 'bytes' && { requestBody: { required: true, content: { 'application/octet-stream': {} } } }),
      ...(typeof body === 'string' && body !== 'bytes' && { requestBody: { required: true, content: json(ref(body)) } }),
      responses: {
        [route.status]: { description: 'Done', content: json(ref(response)) },
        ...(route.auth !== false && { 401: { description: '`unauthorized`: no valid session', content: json(ref('Error')) } }),
        ...(route.rateLimit && {
          429: {
            description: `\`rate_limited\`: the \`${route.rateLimit.bucket}\` bucket, shared with the socket events`,
            headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
            content: json(ref('Error')),
          },
        }),
        default: { description: `An error: ${codes}`, content: json(ref('Error')) },
      },
      ...(route.rateLimit && { 'x-rate-limit': route.rateLimit }),
      ...(!servedHere(route) && { 'x-served-by': route.servedBy }),
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Flack REST API',
      version: '1',
      description: 'For scripts and bots. The same rules, errors and rate limits as the Socket.IO API (docs/API.md); see docs/REST-API.md.',
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The `token` of POST /api/auth/signin or /api/auth/signup' },
        cookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'Browsers: same-origin requests only (an Origin header or Sec-Fetch-Site: same-origin)',
        },
      },
    },
  };
}

/**
 * Path, query and header parameters: one per property of their object schema, described as the value they carry
 * (io: 'output': an id is an integer, sent as its digits, OpenAPI's `simple` and `form` styles).
 */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query' | 'header'): Json[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = z.toJSONSchema(schema, { io: 'output' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name: where === 'header' ? headerName(name) : name,
      in: where,
      required: where === 'path' || required.includes(name),
      ...(description !== undefined && { description }),
      schema: rest,
    };
  });
}

const capitalised = (name: string) => name[0]!.toUpperCase() + name.slice(1);
/** `idempotency-key` → `Idempotency-Key` (HTTP header names are case-insensitive; this is how they are written). */
const headerName = (name: string) => name.replace(/(^|-)(\w)/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
