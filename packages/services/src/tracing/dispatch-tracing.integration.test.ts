import { parseAllowlist } from '@cronwise/domain';
import { propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher, type DispatchRequest } from '../engine/dispatcher';
import { TargetServer } from '../testing';
import { cronwiseTracer, inSpan, startTracing, type Tracing } from './tracing';

// A real local target and the real dispatcher. The describes run in order: tracing is off until
// the second one registers the SDK with an in-memory exporter.
let target: TargetServer;
let dispatcher: Dispatcher;

beforeAll(async () => {
  target = await TargetServer.start('127.0.0.1');
  dispatcher = new Dispatcher(parseAllowlist('127.0.0.1/32'));
});
afterAll(async () => {
  await dispatcher.close();
  await target.close();
});

function request(path: string, overrides: Partial<DispatchRequest> = {}): DispatchRequest {
  return {
    url: target.url(path),
    method: 'POST',
    headers: { authorization: 'Bearer target-secret' },
    body: '{}',
    timeoutMs: 5_000,
    captureLimitBytes: 1_024,
    signingKeys: [],
    isSigned: false,
    idempotencyKey: 'occ_trace_test',
    endpointId: 'endpoint-1',
    now: () => new Date(),
    ...overrides,
  };
}

/** `traceparent: 00-<trace id>-<parent span id>-<flags>` (W3C Trace Context). */
function parseTraceparent(value: string | string[] | undefined) {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(String(value));
  if (!match) throw new Error(`not a traceparent: ${value}`);
  return { traceId: match[1], parentSpanId: match[2] };
}

describe('with tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('registers nothing and sends no traceparent to the target', async () => {
    const tracing = await startTracing({ otlpEndpoint: null, serviceName: 'cronwise-test' });
    expect(tracing.isOn).toBe(false);
    // Only the API's no-ops: spans record nothing, and no propagator writes headers.
    expect(cronwiseTracer().startSpan('probe').isRecording()).toBe(false);
    expect(propagation.fields()).toEqual([]);

    const result = await dispatcher.dispatch(request('/untraced'));

    expect(result.statusCode).toBe(200);
    const received = target.requests.at(-1);
    expect(received?.url).toBe('/untraced');
    expect(received?.headers.traceparent).toBeUndefined();
    expect(received?.headers.tracestate).toBeUndefined();
  });
});

describe('with tracing on', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  beforeAll(async () => {
    tracing = await startTracing({ otlpEndpoint: null, serviceName: 'cronwise-test', exporter });
  });
  afterAll(async () => {
    await tracing.shutdown();
  });

  it('makes a client span per dispatch and sends its context to the target as traceparent', async () => {
    exporter.reset();
    const result = await dispatcher.dispatch(request('/traced?token=abc'));
    await tracing.flush();

    expect(result.statusCode).toBe(200);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('dispatch POST');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    const sent = parseTraceparent(target.requests.at(-1)?.headers.traceparent);
    expect(sent.traceId).toBe(span?.spanContext().traceId);
    expect(sent.parentSpanId).toBe(span?.spanContext().spanId);
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': target.port,
      'http.response.status_code': 200,
      'cronwise.endpoint.id': 'endpoint-1',
      'cronwise.idempotency_key': 'occ_trace_test',
      'cronwise.dispatch.outcome': 'http',
    });
    // Neither the path with its query nor any header value is recorded.
    expect(JSON.stringify(span?.attributes)).not.toMatch(/token=abc|target-secret|\/traced/);
  });

  it('nests dispatch spans under the span that is active, in the same trace', async () => {
    exporter.reset();
    await inSpan('occurrence batch', {}, async () => {
      await Promise.all([dispatcher.dispatch(request('/one')), dispatcher.dispatch(request('/two'))]);
    });
    await tracing.flush();

    const spans = exporter.getFinishedSpans();
    const batch = spans.find((span) => span.name === 'occurrence batch');
    const dispatches = spans.filter((span) => span.name === 'dispatch POST');
    expect(dispatches).toHaveLength(2);
    for (const dispatch of dispatches) {
      expect(dispatch.spanContext().traceId).toBe(batch?.spanContext().traceId);
      expect(dispatch.parentSpanContext?.spanId).toBe(batch?.spanContext().spanId);
    }
    const sentTraceIds = target.requests.slice(-2).map((received) => parseTraceparent(received.headers.traceparent));
    expect(sentTraceIds.map((sent) => sent.traceId)).toEqual([
      batch?.spanContext().traceId,
      batch?.spanContext().traceId,
    ]);
  });

  it('marks failed dispatches with their class and the HTTP status', async () => {
    exporter.reset();
    target.handler = (_request, response) => {
      response.writeHead(503).end('down');
    };
    await dispatcher.dispatch(request('/down'));
    await dispatcher.dispatch(request('/x', { url: 'http://127.0.0.2:9/blocked' }));
    target.handler = (_request, response) => {
      response.writeHead(200).end('{}');
    };
    await tracing.flush();

    const [down, blocked] = exporter.getFinishedSpans();
    expect(down?.status.code).toBe(SpanStatusCode.ERROR);
    expect(down?.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
    expect(blocked?.status.code).toBe(SpanStatusCode.ERROR);
    expect(blocked?.attributes).toMatchObject({ 'error.type': 'blocked', 'cronwise.dispatch.outcome': 'blocked' });
  });
});
