import { afterEach, describe, expect, it } from 'vitest';
import { startMetricsHttpServer } from './metrics-http-server';
import { classifyDispatchError, createWorkerMetrics, type RunForMetrics } from './worker-metrics';

const STARTED = new Date('2026-12-01T10:00:00.000Z');
const run = (overrides: Partial<RunForMetrics>): RunForMetrics => ({
  status: 'success',
  statusCode: 200,
  durationMs: 120,
  latenessMs: 40,
  startedAt: STARTED,
  ...overrides,
});

describe('classifyDispatchError', () => {
  it('puts every unsuccessful dispatch in one small class, and ignores runs that never left', () => {
    expect(classifyDispatchError(run({}))).toBeNull();
    expect(classifyDispatchError(run({ status: 'skipped', statusCode: null, startedAt: null }))).toBeNull();
    expect(classifyDispatchError(run({ status: 'timeout', statusCode: null }))).toBe('timeout');
    expect(classifyDispatchError(run({ status: 'failure', statusCode: null }))).toBe('no_response');
    expect(classifyDispatchError(run({ status: 'failure', statusCode: 503 }))).toBe('http_5xx');
    expect(classifyDispatchError(run({ status: 'failure', statusCode: 429 }))).toBe('http_429');
    expect(classifyDispatchError(run({ status: 'failure', statusCode: 404 }))).toBe('http_4xx');
    expect(classifyDispatchError(run({ status: 'failure', statusCode: 302 }))).toBe('unexpected_status');
  });
});

describe('worker metrics', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('counts a batch’s runs by status and observes lateness and duration in seconds', async () => {
    const metrics = createWorkerMetrics({ collectProcessMetrics: false });
    metrics.recordBatch({
      size: 3,
      statements: 7,
      runs: [
        run({ latenessMs: 250, durationMs: 1_500 }),
        run({ status: 'failure', statusCode: 502, latenessMs: 750, durationMs: 500 }),
        run({ status: 'quota_exceeded', statusCode: null, startedAt: null, latenessMs: null, durationMs: null }),
      ],
    });
    metrics.recordAiSession({ outcome: 'proposed', tokensIn: 900, tokensOut: 100 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('cronwise_executions_total{status="success"} 1');
    expect(text).toContain('cronwise_executions_total{status="failure"} 1');
    expect(text).toContain('cronwise_executions_total{status="quota_exceeded"} 1');
    expect(text).toContain('cronwise_run_lateness_seconds_count 2');
    expect(text).toContain('cronwise_run_lateness_seconds_sum 1');
    expect(text).toContain('cronwise_run_duration_seconds_sum 2');
    expect(text).toContain('cronwise_batch_occurrences_sum 3');
    expect(text).toContain('cronwise_batch_statements_sum 7');
    expect(text).toContain('cronwise_dispatch_errors_total{class="http_5xx"} 1');
    expect(text).toContain('cronwise_ai_sessions_total{outcome="proposed"} 1');
    expect(text).toContain('cronwise_ai_tokens_total{direction="input"} 900');
  });

  it('serves the registry over HTTP at /metrics, with process metrics under the cronwise_ prefix', async () => {
    const metrics = createWorkerMetrics();
    metrics.recordFailedBatch();
    const server = await startMetricsHttpServer({ registry: metrics.registry, port: 0, host: '127.0.0.1' });
    servers.push(server);
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('cronwise_batch_failures_total 1');
    expect(text).toContain('cronwise_process_cpu_seconds_total');
    const elsewhere = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(elsewhere.status).toBe(404);
  });
});
