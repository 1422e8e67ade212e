/** The benchmark's target: a minimal keep-alive HTTP server in its own process. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let requests = 0;
const server = createServer((_request, response) => {
  requests += 1;
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' });
  response.end('{"ok":true}');
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
// The parent asks for the request count over IPC.
process.on('message', () => process.send?.({ requests }));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
