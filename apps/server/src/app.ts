import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@cronwise/db';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { checkHealth } from './health';

export interface AppDependencies {
  db: Database;
  boss: PgBoss;
  logger: Logger;
}

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

/** Builds the HTTP host without listening, so tests can inject requests. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger });

  app.get('/healthz', async (_request, reply) => {
    const report = await checkHealth(deps.db, deps.boss);
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  const indexHtml = await readFile(path.join(PUBLIC_DIR, 'index.html'), 'utf8');
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(indexHtml));
  app.get('/favicon.svg', async (_request, reply) =>
    reply.type('image/svg+xml').send(await readFile(path.join(PUBLIC_DIR, 'favicon.svg'))),
  );

  return app;
}
