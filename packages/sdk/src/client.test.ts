import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCronwiseClient } from './client';
import { CronwiseApiError, isCronwiseError } from './errors';
import { parseRetryAfter } from './retry';

// A real local HTTP server plays the API, so the client is exercised over real fetch.
interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
  at: number;
}
type Reply = (request: Seen, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let replies: Reply[] = [];

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
};

beforeAll(async () => {
  server = createServer((incoming: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        authorization: incoming.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      seen.push(request);
      const reply = replies.shift() ?? json(500, { code: 'INTERNAL', message: 'no reply scripted' });
      reply(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  seen = [];
  replies = [];
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const JOB = {
  id: '0193a5b2-7c1e-7d3a-9f10-2b8c4e6a1d00',
  name: 'Reports',
  description: '',
  status: 'active',
  endpointCount: 0,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

describe('createCronwiseClient', () => {
  it('sends the API key as a bearer token to /api/v1 and returns the answer', async () => {
    replies.push(json(200, JOB));
    const cronwise = createCronwiseClient({ baseUrl: `${baseUrl}/`, apiKey: 'cw_test' });
    const job = await cronwise.jobs.create({ name: 'Reports' });
    expect(job.name).toBe('Reports');
    expect(seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/api/v1/jobs',
        authorization: 'Bearer cw_test',
        body: '{"name":"Reports"}',
      }),
    ]);
  });

  it('puts path and query parameters where the API expects them', async () => {
    replies.push(json(200, { items: [], nextCursor: null }));
    const cronwise = createCronwiseClient({ baseUrl: `${baseUrl}/api/v1`, apiKey: 'cw_test' });
    await cronwise.runs.list(JOB.id, { status: 'failure', limit: 10 });
    expect(seen[0]?.url).toBe(`/api/v1/endpoints/${JOB.id}/runs?status=failure&limit=10`);
  });

  it('refuses a missing key or a relative base URL up front', () => {
    expect(() => createCronwiseClient({ baseUrl, apiKey: ' ' })).toThrow(/apiKey is required/);
    expect(() => createCronwiseClient({ baseUrl: 'cronwise.example.com', apiKey: 'cw_test' })).toThrow(/absolute URL/);
  });
});

describe('errors', () => {
  it('carry the API code, message, issues and limit', async () => {
    replies.push(
      json(422, {
        code: 'PLAN_LIMIT_EXCEEDED',
        httpStatus: 422,
        limit: 'minIntervalMs',
        message: "interval 5 s is below your plan's minimum of 1 min",
        issues: [{ path: ['schedule', 'intervalMs'], message: 'must be at least 1 min apart' }],
      }),
    );
    const cronwise = createCronwiseClient({ baseUrl, apiKey: 'cw_test' });
    const error = await cronwise.endpoints
      .create(JOB.id, {
        name: 'Too fast',
        url: 'https://example.com',
        schedule: { type: 'interval', intervalMs: 5000 },
      })
      .catch((caught: unknown) => caught);
    expect(isCronwiseError(error, 'PLAN_LIMIT_EXCEEDED')).toBe(true);
    expect(error).toMatchObject({
      status: 422,
      limit: 'minIntervalMs',
      message: "interval 5 s is below your plan's minimum of 1 min",
      issues: [{ path: ['schedule', 'intervalMs'], message: 'must be at least 1 min apart' }],
    });
  });

  it('derive a code from the status when the body is not the API’s', async () => {
    replies.push((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<h1>Not here</h1>');
    });
    const error = await createCronwiseClient({ baseUrl, apiKey: 'cw_test', retry: false })
      .jobs.get(JOB.id)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CronwiseApiError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, body: '<h1>Not here</h1>' });
  });
});

describe('retries', () => {
  it('wait out Retry-After on 429 and send the same body again', async () => {
    replies.push(json(429, { code: 'RATE_LIMITED', message: 'slow down' }, { 'retry-after': '1' }), json(200, JOB));
    const job = await createCronwiseClient({ baseUrl, apiKey: 'cw_test' }).jobs.create({ name: 'Reports' });
    expect(job.id).toBe(JOB.id);
    expect(seen.map((request) => request.body)).toEqual(['{"name":"Reports"}', '{"name":"Reports"}']);
    const [first, second] = seen;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('back off on 503 without Retry-After, up to maxRetries', async () => {
    for (let index = 0; index < 3; index += 1) replies.push(json(503, { code: 'UNAVAILABLE', message: 'busy' }));
    const cronwise = createCronwiseClient({ baseUrl, apiKey: 'cw_test', retry: { maxRetries: 2, baseDelayMs: 10 } });
    const error = await cronwise.account.me().catch((caught: unknown) => caught);
    expect(seen).toHaveLength(3);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
  });

  it('give up at once when Retry-After is beyond maxDelayMs, reporting the wait', async () => {
    replies.push(json(429, { code: 'RATE_LIMITED', message: 'slow down' }, { 'retry-after': '120' }));
    const cronwise = createCronwiseClient({ baseUrl, apiKey: 'cw_test', retry: { maxDelayMs: 5_000 } });
    const error = await cronwise.jobs.list().catch((caught: unknown) => caught);
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 120_000 });
  });

  it('never retry other errors, nor at all with retry: false', async () => {
    replies.push(json(500, { code: 'INTERNAL', message: 'boom' }));
    await expect(createCronwiseClient({ baseUrl, apiKey: 'cw_test' }).jobs.list()).rejects.toMatchObject({
      code: 'INTERNAL',
    });
    replies.push(json(503, { code: 'UNAVAILABLE', message: 'busy' }, { 'retry-after': '0' }));
    await expect(createCronwiseClient({ baseUrl, apiKey: 'cw_test', retry: false }).jobs.list()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(seen).toHaveLength(2);
  });

  it('read Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('pagination', () => {
  const run = (id: string) => ({ id, status: 'success' });

  it('iterates runs across pages by cursor', async () => {
    replies.push(
      json(200, { items: [run('r1'), run('r2')], nextCursor: 'c2' }),
      json(200, { items: [run('r3')], nextCursor: null }),
    );
    const cronwise = createCronwiseClient({ baseUrl, apiKey: 'cw_test' });
    const ids: string[] = [];
    for await (const item of cronwise.runs.iterate(JOB.id, { limit: 2, status: 'success' })) ids.push(item.id);
    expect(ids).toEqual(['r1', 'r2', 'r3']);
    expect(seen.map((request) => request.url)).toEqual([
      `/api/v1/endpoints/${JOB.id}/runs?limit=2&status=success`,
      `/api/v1/endpoints/${JOB.id}/runs?limit=2&status=success&cursor=c2`,
    ]);
  });

  it('stops fetching when the caller stops iterating', async () => {
    replies.push(json(200, { items: [run('r1'), run('r2')], nextCursor: 'c2' }));
    const cronwise = createCronwiseClient({ baseUrl, apiKey: 'cw_test' });
    for await (const item of cronwise.runs.iterate(JOB.id)) if (item.id === 'r1') break;
    expect(seen).toHaveLength(1);
  });

  it('iterates jobs by offset until the total is reached', async () => {
    replies.push(
      json(200, { items: [JOB, JOB], total: 3, limit: 2, offset: 0 }),
      json(200, { items: [JOB], total: 3, limit: 2, offset: 2 }),
    );
    const cronwise = createCronwiseClient({ baseUrl, apiKey: 'cw_test' });
    let count = 0;
    for await (const _job of cronwise.jobs.iterate({ limit: 2 })) count += 1;
    expect(count).toBe(3);
    expect(seen.map((request) => request.url)).toEqual([
      '/api/v1/jobs?limit=2&offset=0',
      '/api/v1/jobs?limit=2&offset=2',
    ]);
  });
});
