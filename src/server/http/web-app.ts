// Serves the built web app (dist/web) with a fallback to index.html for client-side routes.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const built = existsSync(join(webDir, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: webDir, wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/socket.io');
    if (isPage && built) return reply.type('text/html').sendFile('index.html');
    if (isPage) return reply.type('text/plain').send('The web app is not built yet: run `npm run build` (npm start does it for you).');
    return reply.status(404).send({ error: { code: 'not_found', message: 'No such route' } });
  });
}
