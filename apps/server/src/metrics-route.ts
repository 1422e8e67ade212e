import { timingSafeEqual } from 'node:crypto';
import { buildOpenApiDocument, REST_BASE_PATH } from '@cronwise/api';
import type { ServerMetrics } from '@cronwise/services';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const METRICS_PATH = '/metrics';

function isAuthorised(request: FastifyRequest, token: string | null): boolean {
  if (token === null) return true;
  const presented = Buffer.from(/^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * The REST adapter registers one wildcard route; the label names the operation's path template
 * instead (`/api/v1/jobs/{id}`): one series per operation, never one per id or per unknown path.
 */
export function createRouteLabeller(): (request: FastifyRequest) => string {
  const templates = Object.keys(buildOpenApiDocument({ baseUrl: 'http://localhost' }).paths ?? {}).map((template) => ({
    label: `${REST_BASE_PATH}${template}`,
    pattern: new RegExp(`^${REST_BASE_PATH}${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  return (request) => {
    const route = request.routeOptions.url;
    if (route === undefined) return 'unmatched';
    if (!route.endsWith('*')) return route;
    const path = request.url.split('?')[0] ?? '';
    return templates.find((template) => template.pattern.test(path))?.label ?? 'unmatched';
  };
}

/**
 * Prometheus metrics at GET /metrics (with `Authorization: Bearer <METRICS_TOKEN>` when a token
 * is configured), and a duration histogram of every request, labelled by route template so ids
 * in paths do not create a series each.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: ServerMetrics, token: string | null): void {
  const routeLabelOf = createRouteLabeller();
  // Labelled on arrival: the REST adapter later rewrites the request's url to drop its prefix.
  const routeLabels = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request) => {
    routeLabels.set(request, routeLabelOf(request));
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeHttpRequest({
      method: request.method,
      route: routeLabels.get(request) ?? 'unmatched',
      statusCode: reply.statusCode,
      durationSeconds: reply.elapsedTime / 1000,
    });
  });
  app.get(METRICS_PATH, async (request, reply) => {
    if (!isAuthorised(request, token)) {
      reply.header('WWW-Authenticate', 'Bearer');
      return reply.code(401).send({
        code: 'UNAUTHENTICATED',
        message: 'metrics need "Authorization: Bearer <METRICS_TOKEN>" (the token set on the server)',
        httpStatus: 401,
      });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.scrape());
  });
}
