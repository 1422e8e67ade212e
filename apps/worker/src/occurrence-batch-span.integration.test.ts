import { createOutboxMailer, startTracing, systemClock, type Tracing } from '@cronwise/services';
import {
  type EngineHarness,
  makeEndpointFor,
  plannerDependencies,
  runEndpointNow,
  startEngineHarness,
  TargetServer,
} from '@cronwise/services/testing';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHandlers } from './register-handlers';

// The worker's real handlers on real pg-boss, with tracing on and spans kept in memory.
const memory = new InMemorySpanExporter();
const finished: Array<() => void> = [];
/** The in-memory exporter, plus a way to wait for a span instead of sleeping. */
const exporter: SpanExporter = {
  export: (spans, done) => {
    memory.export(spans, done);
    for (const notify of finished) notify();
  },
  shutdown: () => memory.shutdown(),
};
function spanNamed(name: string, timeoutMs = 20_000): Promise<ReadableSpan> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const span = memory.getFinishedSpans().find((candidate) => candidate.name === name);
      if (span) {
        clearTimeout(timer);
        resolve(span);
      }
    };
    const timer = setTimeout(() => reject(new Error(`no span named ${name} within ${timeoutMs} ms`)), timeoutMs);
    finished.push(check);
    check();
  });
}

let tracing: Tracing;
let harness: EngineHarness;
let target: TargetServer;

beforeAll(async () => {
  tracing = await startTracing({ otlpEndpoint: null, serviceName: 'cronwise-worker', exporter });
  harness = await startEngineHarness({ clock: systemClock });
  target = await TargetServer.start();
  const deps = {
    ...plannerDependencies(harness.deps),
    accountMail: { mailer: createOutboxMailer(harness.deps), publicUrl: 'http://localhost:3000' },
  };
  await registerHandlers(harness.boss, deps, pino({ level: 'silent' }), {
    batchSize: 10,
    pollers: 1,
    autoPauseAfterFailures: 15,
    plannerConcurrency: 1,
  });
});
afterAll(async () => {
  await harness.close();
  await target.close();
  await tracing.shutdown();
});

describe('an occurrence batch in the worker', () => {
  it('is one span with the batch size, with a dispatch span per call, whose context the target receives', async () => {
    const { user, endpoint } = await makeEndpointFor(harness.deps, { url: target.url('/traced') });
    await runEndpointNow(harness.deps, { userId: user.id, endpointId: endpoint.id });

    const batch = await spanNamed('occurrence batch');
    const dispatch = memory.getFinishedSpans().find((span) => span.name.startsWith('dispatch '));

    expect(batch.attributes).toMatchObject({ 'cronwise.occurrence.count': 1, 'cronwise.batch.dispatched': 1 });
    expect(dispatch?.kind).toBe(SpanKind.CLIENT);
    expect(dispatch?.parentSpanContext?.spanId).toBe(batch.spanContext().spanId);
    expect(dispatch?.spanContext().traceId).toBe(batch.spanContext().traceId);
    expect(dispatch?.attributes).toMatchObject({
      'cronwise.endpoint.id': endpoint.id,
      'http.response.status_code': 200,
    });
    const received = target.requests.find((request) => request.url === '/traced');
    expect(received?.headers.traceparent).toBe(
      `00-${dispatch?.spanContext().traceId}-${dispatch?.spanContext().spanId}-01`,
    );
  });
});
