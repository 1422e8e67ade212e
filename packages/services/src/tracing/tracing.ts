import {
  type Attributes,
  context,
  propagation,
  type Span,
  type SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { CRONWISE_VERSION } from '../engine/dispatcher';

export interface TracingSettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; `/v1/traces` is appended. Null turns tracing off. */
  otlpEndpoint: string | null;
  /** `service.name` on every span, e.g. cronwise-server. */
  serviceName: string;
  /** Tests: spans go here, synchronously, instead of to a collector. */
  exporter?: SpanExporter;
}

export interface Tracing {
  isOn: boolean;
  /** Sends what is buffered; call before asserting on an exporter or before exit. */
  flush(): Promise<void>;
  /** Flushes, then unregisters the SDK so the API is a no-op again. */
  shutdown(): Promise<void>;
}

const TRACING_OFF: Tracing = { isOn: false, flush: async () => {}, shutdown: async () => {} };

/**
 * Registers the OpenTelemetry SDK (W3C trace context, AsyncLocalStorage context) when an OTLP
 * endpoint is configured. Off, nothing is loaded: the SDK is imported only here and only then, so
 * the spans below go to the API's built-in no-op tracer and no `traceparent` is sent anywhere.
 */
export async function startTracing(settings: TracingSettings): Promise<Tracing> {
  if (!settings.otlpEndpoint && !settings.exporter) return TRACING_OFF;
  const [{ NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor }, { resourceFromAttributes }] =
    await Promise.all([import('@opentelemetry/sdk-trace-node'), import('@opentelemetry/resources')]);
  let processor: InstanceType<typeof BatchSpanProcessor> | InstanceType<typeof SimpleSpanProcessor>;
  if (settings.exporter) {
    processor = new SimpleSpanProcessor(settings.exporter);
  } else {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    // The exporter itself honours the standard OTEL_EXPORTER_OTLP_HEADERS (a vendor's API key).
    const exporter = new OTLPTraceExporter({ url: otlpTracesUrl(settings.otlpEndpoint ?? '') });
    processor = new BatchSpanProcessor(exporter);
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'service.version': CRONWISE_VERSION }),
    spanProcessors: [processor],
  });
  provider.register();
  return {
    isOn: true,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The OTLP/HTTP convention: the generic endpoint is a base URL, traces go to `/v1/traces` under it. */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

export function cronwiseTracer() {
  return trace.getTracer('cronwise', CRONWISE_VERSION);
}

/** `error.type` for a thrown value: the error's class name, never its message (which may quote input). */
export function errorType(error: unknown): string {
  if (error instanceof Error) return error.constructor.name === 'Error' ? error.name : error.constructor.name;
  return typeof error;
}

/**
 * Runs `work` in an active span (children nest under it) and ends the span however it finishes.
 * A throw marks the span as an error with the error's class; the message is not recorded.
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return cronwiseTracer().startActiveSpan(name, options, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setAttribute('error.type', errorType(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
