import { z } from 'zod';
import type { TracingSettings } from './tracing';

/** The OpenTelemetry variables each app's env.ts validates (the standard names collectors document). */
export function tracingEnvironmentShape(defaultServiceName: string) {
  return {
    /** The OTLP/HTTP collector, e.g. http://127.0.0.1:4318; unset turns tracing off. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL of an OTLP/HTTP collector' })
      .optional(),
    /** `service.name` on this process's spans. */
    OTEL_SERVICE_NAME: z.string().min(1).default(defaultServiceName),
  };
}

export const TRACING_ENVIRONMENT_EXAMPLES = {
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
  OTEL_SERVICE_NAME: 'cronwise',
};

export function tracingSettingsFrom(env: {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME: string;
}): TracingSettings {
  return { otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? null, serviceName: env.OTEL_SERVICE_NAME };
}
