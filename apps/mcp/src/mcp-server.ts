import { type CronwiseClient, isCronwiseError } from '@cronwise/sdk';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cronwiseTools, type ToolDefinition, type ToolResult } from './tools';

export const MCP_SERVER_NAME = 'cronwise';
export const MCP_SERVER_VERSION = '0.1.0';

const INSTRUCTIONS =
  'Cronwise schedules HTTP calls (endpoints, grouped in jobs) and adapts their timing. ' +
  'Find ids with list_jobs and list_endpoints before acting on an endpoint; check cron expressions with ' +
  'preview_schedule before create_endpoint. Errors carry the API message, which says how to fix the request.';

function toCallResult(result: ToolResult): CallToolResult {
  return {
    content: [{ type: 'text', text: result.summary }],
    structuredContent: result.data,
  };
}

/** The API's own words (code, message, field issues), so the assistant can correct itself. */
function toErrorResult(error: unknown): CallToolResult {
  if (isCronwiseError(error)) {
    const issues = error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    const text = [`${error.code}: ${error.message}`, ...issues].join('\n');
    return {
      isError: true,
      content: [{ type: 'text', text }],
      structuredContent: { code: error.code, message: error.message, status: error.status, issues: error.issues },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { isError: true, content: [{ type: 'text', text: `Cronwise could not be reached: ${message}` }] };
}

function registerTool(server: McpServer, client: CronwiseClient, tool: ToolDefinition): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: { readOnlyHint: tool.isReadOnly, destructiveHint: false, openWorldHint: false },
    },
    async (input: Record<string, unknown>) => {
      try {
        return toCallResult(await tool.run(client, input as never));
      } catch (error) {
        return toErrorResult(error);
      }
    },
  );
}

/** An MCP server whose tools act through `client`, i.e. with the rights of its API key. */
export function createCronwiseMcpServer(client: CronwiseClient): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION },
    { instructions: INSTRUCTIONS, capabilities: { tools: {} } },
  );
  for (const tool of cronwiseTools) registerTool(server, client, tool as unknown as ToolDefinition);
  return server;
}
