import { Writable } from 'node:stream';
import { loggerOptions, startTracing, type Tracing } from '@cronwise/services';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { type ApiHarness, makeAccount, startApiHarness } from './testing/api-harness';

// The server's logs and request spans, read from what it really emits: pino lines captured from
// the same logger options main.ts uses, and spans from an in-memory exporter.
let lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const logger = pino(loggerOptions({ level: 'info', role: 'server' }), capture);
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let harness: ApiHarness;

beforeAll(async () => {
  tracing = await startTracing({ otlpEndpoint: null, serviceName: 'cronwise-server', exporter });
  harness = await startApiHarness({ logger });
});
afterAll(async () => {
  await harness.close();
  await tracing.shutdown();
});
beforeEach(() => {
  lines = [];
  exporter.reset();
});

function logged(): Array<Record<string, unknown>> {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log lines', () => {
  it('carry the request id and never the Authorization header or the cookie', async () => {
    const { key, sessionToken } = await makeAccount(harness);
    const response = await fetch(`${harness.baseUrl}/api/v1/jobs`, {
      headers: {
        authorization: `Bearer ${key}`,
        cookie: `cronwise_session=${sessionToken}`,
        'x-request-id': 'support-ticket-42',
      },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('support-ticket-42');
    const ofRequest = logged().filter((line) => line.requestId === 'support-ticket-42');
    expect(ofRequest.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(lines.join('\n')).not.toContain(key);
    expect(lines.join('\n')).not.toContain(sessionToken);
  });

  it('mask credential headers whatever a call site logs', () => {
    logger.info(
      {
        headers: { authorization: 'Bearer cw_secret_value', cookie: 'a=cookie_value', accept: 'text/html' },
        req: { headers: { 'x-api-key': 'api_key_value' } },
        endpoint: { headers: [{ name: 'X-Partner-Key', value: 'partner_value', isSecret: true }] },
      },
      'a careless log call',
    );

    const text = lines.join('\n');
    for (const secret of ['cw_secret_value', 'cookie_value', 'api_key_value']) expect(text).not.toContain(secret);
    expect(logged()[0]?.headers).toMatchObject({ authorization: '[redacted]', accept: 'text/html' });
  });

  it('show an OAuth callback without its code or state', async () => {
    const response = await fetch(
      `${harness.baseUrl}/auth/oauth/github/callback?code=gho_oauth_code_123&state=st4te_456`,
      { redirect: 'manual' },
    );
    await response.arrayBuffer();

    const incoming = logged().find((line) => line.msg === 'incoming request');
    expect((incoming?.req as { url?: string } | undefined)?.url).toBe(
      '/auth/oauth/github/callback?code=[redacted]&state=[redacted]',
    );
    expect(lines.join('\n')).not.toMatch(/gho_oauth_code_123|st4te_456/);
  });

  it('get a fresh request id when the caller sends none or an unusable one', async () => {
    const none = await fetch(`${harness.baseUrl}/healthz`);
    const unusable = await fetch(`${harness.baseUrl}/healthz`, { headers: { 'x-request-id': 'x'.repeat(500) } });

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(none.headers.get('x-request-id')).toMatch(uuid);
    expect(unusable.headers.get('x-request-id')).toMatch(uuid);
    expect(none.headers.get('x-request-id')).not.toBe(unusable.headers.get('x-request-id'));
  });

  it('name the request id when a request fails on our side', async () => {
    const { key } = await makeAccount(harness);
    // A database that fails on job queries: the REST call becomes a 500 INTERNAL.
    const failingDb = new Proxy(harness.services.db, {
      get(target, property, receiver) {
        if (property === 'job') throw new Error('the jobs table is unreachable');
        return Reflect.get(target, property, receiver);
      },
    });
    const app = await buildApp({
      db: harness.services.db,
      boss: harness.engine.boss,
      logger,
      services: { ...harness.services, db: failingDb },
      http: harness.http,
    });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/jobs',
        headers: { authorization: `Bearer ${key}`, 'x-request-id': 'failing-request-7' },
      });

      expect(response.statusCode).toBe(500);
      const failure = logged().find((line) => line.level === 50);
      expect(failure).toMatchObject({ requestId: 'failing-request-7', msg: 'REST procedure failed' });
      expect(lines.join('\n')).not.toContain(key);
    } finally {
      await app.close();
    }
  });
});

describe('request spans', () => {
  it('are one server span per API request, named by route template, with status and request id', async () => {
    const { key } = await makeAccount(harness);
    const created = await fetch(`${harness.baseUrl}/api/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Traced' }),
    });
    const job = (await created.json()) as { id: string };
    exporter.reset();

    const response = await fetch(`${harness.baseUrl}/api/v1/jobs/${job.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    await response.arrayBuffer();
    await tracing.flush();

    const spans = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.name).toBe('GET /api/v1/jobs/{id}');
    expect(spans[0]?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/api/v1/jobs/{id}',
      'http.response.status_code': 200,
      'cronwise.request.id': response.headers.get('x-request-id'),
    });
    // Neither the id-bearing path nor the key is recorded.
    expect(JSON.stringify(spans[0]?.attributes)).not.toContain(key);
    expect(JSON.stringify(spans[0]?.attributes)).not.toContain(job.id);
  });

  it('continue the caller’s trace when it sends a traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    await fetch(`${harness.baseUrl}/healthz`, { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } });
    await tracing.flush();

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('GET /healthz');
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe(parentSpanId);
  });
});
