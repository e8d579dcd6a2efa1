import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

// Paths the web app never answers: the API, its docs and the probes keep their own 404s.
const SERVER_PATHS = /^\/(api|healthz|readyz)(\/|$)/;

// The built web app at /: hashed assets cached for a year, index.html never cached, and every other
// GET that a browser navigates to (a deep link such as /connected-services) answered with index.html.
export async function registerWebApp(app: FastifyInstance, distDir = webDistDir): Promise<void> {
  const indexFile = path.join(distDir, 'index.html');
  const built = existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: path.join(distDir, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
    });
  }
  const sendIndex = (reply: FastifyReply) => {
    if (!built) {
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Kairos</title><p>The web app is not built yet: run <code>npm start</code> (it builds it) or <code>npm run build:web</code>.</p>',
        );
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(indexFile));
  };
  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  app.decorate('webAppFallback', (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (request.method !== 'GET' || SERVER_PATHS.test(url) || url.startsWith('/assets/')) return false;
    if (!String(request.headers.accept ?? '').includes('text/html')) return false;
    void sendIndex(reply);
    return true;
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    webAppFallback?: (request: FastifyRequest, reply: FastifyReply) => boolean;
  }
}
