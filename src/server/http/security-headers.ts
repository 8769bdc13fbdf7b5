// Security headers for every response: a CSP without inline script, no framing, no MIME sniffing.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const CSP_DIRECTIVES: Record<string, string[]> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // The Web Push service worker (/sw.js).
  workerSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const HSTS = 'max-age=31536000; includeSubDomains'; // helmet's default

/** The headers every response starts with, before Fastify's routes (and helmet) add theirs. */
export function baseSecurityHeaders(https: boolean): Record<string, string> {
  const policy = Object.entries(CSP_DIRECTIVES)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    ...(https && { 'strict-transport-security': HSTS }),
  };
}

export async function registerSecurityHeaders(app: FastifyInstance, https: boolean): Promise<void> {
  // Socket.IO answers its polling requests (and their errors) on the raw Node server: Fastify and helmet never see
  // them. Setting the headers as each request arrives, ahead of every other listener, covers those responses too.
  const headers = Object.entries(baseSecurityHeaders(https));
  app.server.prependListener('request', (_request, response) => {
    for (const [name, value] of headers) response.setHeader(name, value);
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    referrerPolicy: { policy: 'same-origin' },
    hsts: https,
    crossOriginEmbedderPolicy: false,
  });
}
