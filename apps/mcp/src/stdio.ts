import { createCronwiseClient } from '@cronwise/sdk';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadStdioEnvironment } from './env';
import { createCronwiseMcpServer } from './mcp-server';

// Composition root of the stdio server: stdout carries the protocol, so diagnostics go to stderr.
async function main(): Promise<void> {
  const env = loadStdioEnvironment();
  const client = createCronwiseClient({ baseUrl: env.CRONWISE_URL, apiKey: env.CRONWISE_API_KEY });
  const server = createCronwiseMcpServer(client);
  await server.connect(new StdioServerTransport());
  console.error(`cronwise-mcp: serving ${env.CRONWISE_URL} over stdio`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // The assistant closing our stdin is how it hangs up.
  process.stdin.on('close', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
