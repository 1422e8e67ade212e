import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '@cronwise/api';
import type { Database } from '@cronwise/db';
import type { ServerMetrics, ServiceDependencies } from '@cronwise/services';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { registerApiRoutes } from './api-routes';
import { renderApiReference } from './docs-page';
import { checkHealth } from './health';
import { registerMcpRoute } from './mcp-route';
import { registerMetricsRoute } from './metrics-route';
import { registerOAuthRoutes } from './oauth-routes';
import { registerRequestIdEcho, requestIdFor } from './request-ids';
import { registerRequestTracing } from './request-tracing';
import { registerSecurityHeaders } from './security-headers';
import type { HttpSettings } from './settings';
import { registerStripeWebhookRoute } from './stripe-webhook-route';
import { registerWebApp } from './web-app';

export interface AppDependencies {
  db: Database;
  boss: PgBoss;
  logger: Logger;
  /** Everything the use cases need (engine collaborators included). */
  services: ServiceDependencies;
  http: HttpSettings;
  /** Prometheus metrics at /metrics; `token` (METRICS_TOKEN) protects them when set. */
  metrics?: { collector: ServerMetrics; token: string | null };
}

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');
/** The web app's build output (`pnpm build`). */
const WEB_DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Builds the HTTP host without listening, so tests can inject requests or listen on port 0. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  // X-Forwarded-* only from the proxies TRUST_PROXY names: otherwise any client could choose the
  // address its rate limits and audit entries are recorded under.
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.http.trustProxy ?? false,
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
  });
  registerRequestIdEcho(app);
  registerRequestTracing(app);
  registerSecurityHeaders(app, { isHttps: deps.http.publicUrl.startsWith('https:') });
  await app.register(fastifyCookie);
  if (deps.metrics) registerMetricsRoute(app, deps.metrics.collector, deps.metrics.token);

  app.get('/healthz', async (_request, reply) => {
    const report = await checkHealth(deps.db, deps.boss, (part, error) =>
      app.log.warn({ err: error, part }, 'health check failed'),
    );
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  await registerApiRoutes(app, deps.services, deps.http);
  registerOAuthRoutes(app, deps.services, deps.http);
  registerStripeWebhookRoute(app, deps.services);
  registerMcpRoute(app, deps.services);

  const openApiDocument = buildOpenApiDocument({ baseUrl: deps.http.publicUrl });
  const apiReferenceHtml = renderApiReference(openApiDocument);
  app.get('/api/v1/openapi.json', async () => openApiDocument);
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(apiReferenceHtml));

  await registerWebApp(app, { distDir: WEB_DIST_DIR, fallbackDir: PUBLIC_DIR });

  return app;
}
