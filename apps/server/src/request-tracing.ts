import { cronwiseTracer, errorType } from '@cronwise/services';
import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createRouteLabeller } from './metrics-route';

/**
 * One server span per request, continuing the caller's `traceparent` when it sends one. The span
 * is active while the request is handled, so spans made inside (a test dispatch) are its children.
 * Attributes name the route template, never the URL: query strings can carry OAuth codes.
 * With tracing off every call below is the OpenTelemetry API's no-op.
 */
export function registerRequestTracing(app: FastifyInstance): void {
  const routeOf = createRouteLabeller();
  const traced = new WeakMap<FastifyRequest, { span: Span; errorType?: string }>();
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = routeOf(request);
    const span = cronwiseTracer().startSpan(
      route === 'unmatched' ? request.method : `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'url.scheme': request.protocol,
          'cronwise.request.id': request.id,
        },
      },
      parent,
    );
    traced.set(request, { span });
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('onError', async (request, _reply, error) => {
    const state = traced.get(request);
    if (state) state.errorType = errorType(error);
  });
  app.addHook('onResponse', async (request, reply) => {
    const state = traced.get(request);
    if (!state) return;
    state.span.setAttribute('http.response.status_code', reply.statusCode);
    const failure = state.errorType ?? (reply.statusCode >= 500 ? String(reply.statusCode) : undefined);
    if (failure) state.span.setAttribute('error.type', failure);
    if (reply.statusCode >= 500) state.span.setStatus({ code: SpanStatusCode.ERROR });
    state.span.end();
    traced.delete(request);
  });
  app.addHook('onRequestAbort', async (request) => {
    const state = traced.get(request);
    if (!state) return;
    state.span.setAttribute('error.type', 'aborted');
    state.span.end();
    traced.delete(request);
  });
}
