import { type CronwiseClientOptions, createCronwiseClient } from '@cronwise/sdk';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { createCronwiseMcpServer } from './mcp-server';

/**
 * Answers one Streamable HTTP request. Stateless: every request gets its own server and
 * transport bound to the caller's API key, so nothing is shared between keys or kept in memory
 * between requests, and any server behind a load balancer can answer. `api` says how the tools
 * reach the REST API (the host passes an in-process fetch and the caller's key).
 */
export async function handleMcpHttpRequest(
  request: Request,
  api: CronwiseClientOptions,
  parsedBody?: unknown,
): Promise<Response> {
  const server = createCronwiseMcpServer(createCronwiseClient({ retry: false, ...api }));
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, parsedBody === undefined ? {} : { parsedBody });
  } finally {
    await server.close();
  }
}
