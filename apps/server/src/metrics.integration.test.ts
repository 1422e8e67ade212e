import { createServerMetrics } from '@cronwise/services';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { type ApiHarness, intervalEndpoint, makeAccount, startApiHarness } from './testing/api-harness';

const METRICS_TOKEN = 'metrics-token-for-tests';
let harness: ApiHarness;
let app: FastifyInstance;

beforeAll(async () => {
  harness = await startApiHarness();
  // The harness's app has no metrics; this one is the same host with them switched on.
  app = await buildApp({
    db: harness.engine.deps.db,
    boss: harness.engine.boss,
    logger: pino({ level: 'silent' }),
    services: harness.services,
    http: harness.http,
    metrics: {
      collector: createServerMetrics(harness.services, { collectProcessMetrics: false }),
      token: METRICS_TOKEN,
    },
  });
});
afterAll(async () => {
  await app?.close();
  await harness.close();
});

const scrape = () =>
  app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });

describe('GET /metrics on the server', () => {
  it('needs the METRICS_TOKEN when one is set', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().message).toContain('METRICS_TOKEN');
    const wrong = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    expect((await scrape()).statusCode).toBe(200);
  });

  it('reports users, endpoints, the occurrence queue and request durations by route template', async () => {
    const account = await makeAccount(harness);
    const headers = { authorization: `Bearer ${account.key}`, 'content-type': 'application/json' };
    const job = await app.inject({ method: 'POST', url: '/api/v1/jobs', headers, payload: { name: 'Metrics' } });
    expect(job.statusCode).toBe(200);
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/jobs/${job.json().id}/endpoints`,
      headers,
      // Due within the queue horizon, so its occurrence is a queued (deferred) pg-boss job.
      payload: intervalEndpoint({ schedule: { type: 'interval', intervalMs: 60_000 } }),
    });
    expect(created.statusCode).toBe(200);
    await app.inject({ method: 'GET', url: '/healthz' });

    const response = await scrape();
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toMatch(/^cronwise_users 1$/m);
    expect(text).toMatch(/^cronwise_endpoints\{state="active"\} 1$/m);
    expect(text).toMatch(/^cronwise_endpoints\{state="paused"\} 0$/m);
    // The endpoint's first occurrence waits in the queue for its planned time.
    expect(text).toMatch(/^cronwise_queue_jobs\{queue="execute-occurrence",state="deferred"\} 1$/m);
    expect(text).toMatch(/^cronwise_queue_oldest_due_lag_seconds\{queue="execute-occurrence"\} 0$/m);
    expect(text).toMatch(
      /^cronwise_http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="\d+"\} 1$/m,
    );
    expect(text).toMatch(
      /^cronwise_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/jobs\/\{jobId\}\/endpoints",status_code="200"\} 1$/m,
    );
    expect(text).toMatch(
      /^cronwise_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/jobs",status_code="200"\} 1$/m,
    );
  });
});
