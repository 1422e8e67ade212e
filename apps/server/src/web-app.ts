import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Routes the SPA never answers: unknown paths below them stay JSON 404s. The rest of /auth
 * (the e-mail links /auth/verify-email and /auth/reset-password) are pages of the SPA.
 */
export const SERVER_ROUTE_PREFIXES = ['/api', '/trpc', '/healthz', '/metrics', '/mcp', '/auth/oauth'] as const;

const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
const SHORT_CACHE = 'public, max-age=3600';

export function isServerRoute(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return SERVER_ROUTE_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

export function cacheControlFor(filePath: string): string {
  if (filePath.endsWith('.html')) return 'no-cache';
  // Vite names everything under assets/ by content hash, so it never changes under the same name.
  return filePath.split(path.sep).includes('assets') ? IMMUTABLE_CACHE : SHORT_CACHE;
}

/**
 * Serves the built web app (apps/web/dist): hashed assets cached for a year, index.html
 * revalidated on every load, and every other GET outside the server's own routes answered with
 * index.html so client-side routes survive a reload. Without a build (`pnpm build`; `pnpm start`
 * builds it), the small status page in `fallbackDir` is served instead.
 */
export async function registerWebApp(
  app: FastifyInstance,
  options: { distDir: string; fallbackDir: string },
): Promise<{ isBuilt: boolean }> {
  const isBuilt = existsSync(path.join(options.distDir, 'index.html'));
  const root = isBuilt ? options.distDir : options.fallbackDir;
  const indexFile = path.join(root, 'index.html');
  // A missing file falls through to the not-found handler below (a rebuild is picked up at once).
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    wildcard: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => reply.header('cache-control', cacheControlFor(filePath)),
  });
  // Read per request: it is tiny, and after `pnpm build` it names the new hashed assets.
  const sendIndex = async (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(await readFile(indexFile, 'utf8'));

  app.get('/', async (_request, reply) => sendIndex(reply));
  app.setNotFoundHandler(async (request, reply) => {
    const isPageRequest = request.method === 'GET' || request.method === 'HEAD';
    const looksLikeFile = /\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '');
    if (isPageRequest && !isServerRoute(request.url) && !looksLikeFile) return sendIndex(reply);
    return reply.code(404).send({
      code: 'NOT_FOUND',
      message: `no route for ${request.method} ${request.url.split('?')[0]}`,
      httpStatus: 404,
    });
  });
  return { isBuilt };
}
