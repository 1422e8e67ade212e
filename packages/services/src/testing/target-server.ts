import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  receivedAt: number;
}

export type TargetHandler = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

/**
 * A real local HTTP server standing in for a customer's endpoint. It records
 * every request and every TCP connection, so tests can assert that a blocked
 * target was never even connected to.
 */
export class TargetServer {
  readonly requests: ReceivedRequest[] = [];
  connections = 0;
  private readonly server: Server;
  private waiters: { count: number; resolve: () => void }[] = [];
  handler: TargetHandler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  };

  private constructor(private readonly host: string) {
    this.server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const request: ReceivedRequest = {
          method: incoming.method ?? 'GET',
          url: incoming.url ?? '/',
          headers: incoming.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        this.requests.push(request);
        this.waiters = this.waiters.filter((waiter) => {
          if (this.requests.length >= waiter.count) waiter.resolve();
          return this.requests.length < waiter.count;
        });
        void this.handler(request, response);
      });
    });
    this.server.on('connection', () => {
      this.connections += 1;
    });
  }

  static async start(host = '127.0.0.1'): Promise<TargetServer> {
    const target = new TargetServer(host);
    await new Promise<void>((resolve) => target.server.listen(0, host, resolve));
    return target;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/hook'): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}${path}`;
  }

  /** Resolves once `count` requests have arrived in total (no sleeping in tests). */
  waitForRequests(count: number, timeoutMs = 20_000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} requests within ${timeoutMs} ms, got ${this.requests.length}`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
