import {
  ACCEPTED_PROCEDURE_PATHS,
  type AppRouter,
  appRouter,
  type Context,
  createContext,
  findUnstorableInput,
  REST_BASE_PATH,
  responseHeadersFor,
  SESSION_COOKIE_NAME,
} from '@cronwise/api';
import type { ServiceDependencies } from '@cronwise/services';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fastifyTRPCOpenApiPlugin } from 'trpc-to-openapi';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import type { HttpSettings } from './settings';

function firstHeader(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** "Bearer <key>" → key; any other Authorization value is a credential that fails (empty key). */
function bearerTokenOf(request: FastifyRequest): string | null {
  const header = firstHeader(request, 'authorization');
  if (header === null) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

function contextFactory(services: ServiceDependencies, settings: HttpSettings) {
  return ({ req, res }: { req: FastifyRequest; res: FastifyReply }): Promise<Context> =>
    createContext({
      deps: services,
      settings: { allowedOrigins: settings.allowedOrigins },
      request: {
        method: req.method,
        origin: firstHeader(req, 'origin'),
        userAgent: firstHeader(req, 'user-agent'),
        ipAddress: req.ip,
        bearerToken: bearerTokenOf(req),
        sessionToken: req.cookies[SESSION_COOKIE_NAME] ?? null,
      },
      response: {
        setSessionCookie: (token, expiresAt) => setSessionCookie(res, token, expiresAt, settings.isSecureCookie),
        clearSessionCookie: () => clearSessionCookie(res, settings.isSecureCookie),
      },
    });
}

/**
 * Both adapters serialise the parsed body again before tRPC sees it, so a body nested thousands
 * of levels deep would overflow the stack there (a 500). Such bodies, and text PostgreSQL cannot
 * store, are refused here with the public error shape; the procedure middleware repeats the
 * text check for callers that do not come through HTTP.
 */
async function refuseUnstorableBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const problem = findUnstorableInput(request.body);
  if (!problem) return;
  await reply
    .code(400)
    .send({ code: 'VALIDATION_FAILED', message: problem.message, httpStatus: 400, issues: [problem] });
}

/** tRPC for the SPA at /trpc and the REST API generated from the same router at /api/v1. */
export async function registerApiRoutes(
  app: FastifyInstance,
  services: ServiceDependencies,
  settings: HttpSettings,
): Promise<void> {
  const createRequestContext = contextFactory(services, settings);

  await app.register(async (scope) => {
    scope.addHook('preHandler', refuseUnstorableBody);
    await scope.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        createContext: createRequestContext,
        responseMeta: ({ ctx, errors }) => ({ headers: responseHeadersFor(ctx, errors) }),
        onError: ({ error, path, req }) => {
          // The request's own logger: the line carries its requestId.
          if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error, path }, 'tRPC procedure failed');
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
  });

  await app.register(async (scope) => {
    // Many clients send `Content-Type: application/json` on a DELETE (or POST) without a body;
    // Fastify's parser refuses that with a 400. An empty body is simply no body here.
    const parseJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (body === '') done(null, undefined);
      else parseJson(request, String(body), done);
    });
    // The REST adapter wants a JSON content type on bodies; bodiless POSTs (pause, run ...) are fine too.
    scope.addHook('preHandler', async (request) => {
      if (!request.headers['content-type'] && request.body === undefined) {
        request.headers['content-type'] = 'application/json';
      }
    });
    scope.addHook('preHandler', refuseUnstorableBody);
    // One public error shape: { code, message, httpStatus, issues?, limit?, retryAfterMs? }.
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
      try {
        const parsed = JSON.parse(payload) as { data?: { error?: unknown } };
        return parsed.data?.error ? JSON.stringify(parsed.data.error) : payload;
      } catch {
        return payload;
      }
    });
    scope.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'REST request failed');
      return reply.code(status).send({
        code: status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL',
        message: status < 500 ? `the request could not be read: ${error.message}` : 'something went wrong on our side',
        httpStatus: status,
      });
    });
    await scope.register(fastifyTRPCOpenApiPlugin, {
      basePath: REST_BASE_PATH,
      router: appRouter,
      createContext: createRequestContext,
      responseMeta: ({
        ctx,
        errors,
        paths,
      }: {
        ctx?: Context;
        errors: Parameters<typeof responseHeadersFor>[1];
        paths?: readonly string[];
      }) => ({
        headers: responseHeadersFor(ctx, errors),
        // "Analyze now" queues a session: 202 Accepted, with the session id to poll.
        ...(errors.length === 0 && paths?.some((path) => ACCEPTED_PROCEDURE_PATHS.has(path)) ? { status: 202 } : {}),
      }),
      onError: ({ error, path, req }: { error: { code: string }; path?: string; req: FastifyRequest }) => {
        // The adapter hands over the Fastify request: its logger puts the requestId on the line.
        if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error, path }, 'REST procedure failed');
      },
    });
  });
}
