/**
 * @cronwise/mcp: the Model Context Protocol server. Tools call the REST API through
 * `@cronwise/sdk` with the caller's API key; `stdio.ts` runs it for desktop assistants and
 * `handleMcpHttpRequest` answers Streamable HTTP for the server's `/mcp` route.
 */
export { handleMcpHttpRequest } from './http-transport';
export { createCronwiseMcpServer, MCP_SERVER_NAME, MCP_SERVER_VERSION } from './mcp-server';
export { cronwiseTools, type ToolDefinition, type ToolResult } from './tools';
