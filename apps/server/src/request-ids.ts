import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's id is kept when it looks like an id; anything else (too long, control characters) is replaced. */
const ACCEPTABLE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Every request has an id: the caller's `X-Request-Id` when it sends a sensible one (a proxy or a
 * client correlating its own logs), a fresh UUID otherwise. It is on every log line of the request
 * (`requestId`) and echoed in the response's `X-Request-Id`, so a user can quote it in a bug report.
 */
export function requestIdFor(request: IncomingMessage): string {
  const presented = request.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(presented) ? presented[0] : presented;
  return candidate && ACCEPTABLE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

export function registerRequestIdEcho(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}
