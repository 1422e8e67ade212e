import { REST_BASE_PATH } from '@cronwise/api';
import { handleMcpHttpRequest } from '@cronwise/mcp';
import { authenticateApiKey, type ServiceDependencies } from '@cronwise/services';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const MCP_PATH = '/mcp';

function bearerKeyOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ code, message, httpStatus: status });
}

/**
 * A fetch that answers from this server's own REST routes in-process (`app.inject`), so every
 * tool call passes the same authentication, scope checks, rate limits and validation as a REST
 * call made with the same key, without a network round trip.
 */
function inProcessFetch(app: FastifyInstance, ipAddress: string) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.body ? await request.text() : undefined;
    const requestHeaders: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      requestHeaders[name] = value;
    });
    const answer = await app.inject({
      method: request.method as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: requestHeaders,
      remoteAddress: ipAddress,
      ...(body === undefined ? {} : { payload: body }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    }
    const hasBody = answer.statusCode !== 204 && answer.statusCode !== 304;
    return new Response(hasBody ? new Uint8Array(answer.rawPayload) : null, { status: answer.statusCode, headers });
  };
}

/**
 * Streamable HTTP MCP at /mcp, authenticated by `Authorization: Bearer <API key>`. Stateless:
 * POST carries JSON-RPC and gets JSON back; there is no server-initiated stream to GET.
 */
export function registerMcpRoute(app: FastifyInstance, services: ServiceDependencies): void {
  app.post(MCP_PATH, async (request, reply) => {
    const apiKey = bearerKeyOf(request);
    if (!apiKey) {
      reply.header('WWW-Authenticate', 'Bearer');
      return refuse(
        reply,
        401,
        'UNAUTHENTICATED',
        'send an API key as "Authorization: Bearer <key>"; create one under API keys in the app',
      );
    }
    if (!(await authenticateApiKey(services, apiKey))) {
      reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return refuse(
        reply,
        401,
        'UNAUTHENTICATED',
        'the API key is unknown, revoked or expired; create a new key under API keys',
      );
    }
    const webRequest = new Request(new URL(request.url, 'http://localhost'), {
      method: 'POST',
      headers: Object.entries(request.headers).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
      ),
    });
    const response = await handleMcpHttpRequest(
      webRequest,
      { baseUrl: `http://localhost${REST_BASE_PATH}`, apiKey, fetch: inProcessFetch(app, request.ip) },
      request.body,
    );
    reply.code(response.status);
    response.headers.forEach((value, name) => {
      reply.header(name, value);
    });
    return reply.send(await response.text());
  });

  const notStreaming = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('Allow', 'POST');
    return refuse(
      reply,
      405,
      'METHOD_NOT_ALLOWED',
      'this MCP endpoint is stateless: POST JSON-RPC messages to /mcp; there is no session to stream or delete',
    );
  };
  app.get(MCP_PATH, notStreaming);
  app.delete(MCP_PATH, notStreaming);
}
