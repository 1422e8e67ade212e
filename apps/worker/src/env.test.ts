import { ConfigurationError } from '@cronwise/db';
import { describe, expect, it } from 'vitest';
import { loadWorkerEnvironment } from './env';

const BASE = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/cronwise', ENCRYPTION_SECRET: 'x'.repeat(40) };

function problem(source: Record<string, string>): string {
  try {
    loadWorkerEnvironment({ ...BASE, ...source });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('worker AI settings', () => {
  it('runs the built-in heuristic model when nothing is set', () => {
    const env = loadWorkerEnvironment(BASE);
    expect(env.AI_PROVIDER).toBe('heuristic');
    expect(env.AI_API_KEY).toBeUndefined();
  });

  it('refuses a hosted provider without a key, saying what to set', () => {
    expect(problem({ AI_PROVIDER: 'openai' })).toContain(
      'AI_API_KEY: is required when AI_PROVIDER=openai; set it, or unset AI_PROVIDER to use the built-in heuristic model',
    );
    expect(problem({ AI_PROVIDER: 'anthropic' })).toContain('AI_API_KEY: is required when AI_PROVIDER=anthropic');
  });

  it('refuses an openai-compatible provider without a base URL and a model, reporting both', () => {
    const message = problem({ AI_PROVIDER: 'openai-compatible' });
    expect(message).toContain('AI_BASE_URL: is required when AI_PROVIDER=openai-compatible');
    expect(message).toContain('AI_MODEL: is required when AI_PROVIDER=openai-compatible');
  });

  it('refuses an unknown provider and a malformed base URL', () => {
    expect(problem({ AI_PROVIDER: 'gemini' })).toContain(
      'AI_PROVIDER: must be one of heuristic, openai, anthropic, openai-compatible',
    );
    expect(problem({ AI_PROVIDER: 'openai-compatible', AI_BASE_URL: 'not a url', AI_MODEL: 'llama3.1' })).toContain(
      'AI_BASE_URL: must be an http(s) URL',
    );
  });

  it('accepts an Ollama-style configuration', () => {
    const env = loadWorkerEnvironment({
      ...BASE,
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: 'http://127.0.0.1:11434/v1',
      AI_MODEL: 'llama3.1',
    });
    expect(env.AI_MODEL).toBe('llama3.1');
  });
});

describe('worker failure backoff cap (MAX_FAILURE_BACKOFF_MS)', () => {
  it('caps failure backoff at 24 h unless configured', () => {
    expect(loadWorkerEnvironment(BASE).MAX_FAILURE_BACKOFF_MS).toBe(86_400_000);
    expect(loadWorkerEnvironment({ ...BASE, MAX_FAILURE_BACKOFF_MS: '21600000' }).MAX_FAILURE_BACKOFF_MS).toBe(
      21_600_000,
    );
  });

  it('refuses a cap that is not a positive whole number of milliseconds, naming the variable', () => {
    expect(problem({ MAX_FAILURE_BACKOFF_MS: '0' })).toContain('MAX_FAILURE_BACKOFF_MS');
    expect(problem({ MAX_FAILURE_BACKOFF_MS: '6h' })).toContain('MAX_FAILURE_BACKOFF_MS');
  });
});

describe('WORKER_METRICS_PORT', () => {
  it('defaults to 9464, and 0 turns the listener off', () => {
    expect(loadWorkerEnvironment(BASE).WORKER_METRICS_PORT).toBe(9464);
    expect(loadWorkerEnvironment({ ...BASE, WORKER_METRICS_PORT: '0' }).WORKER_METRICS_PORT).toBe(0);
  });

  it('refuses a port that is not one', () => {
    expect(problem({ WORKER_METRICS_PORT: '70000' })).toContain('WORKER_METRICS_PORT');
    expect(problem({ WORKER_METRICS_PORT: '70000' })).toContain('must be between 0 (off) and 65535');
  });
});

describe('worker tracing settings', () => {
  it('keeps tracing off unless OTEL_EXPORTER_OTLP_ENDPOINT is set, and names the service', () => {
    const off = loadWorkerEnvironment(BASE);
    expect(off.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(off.OTEL_SERVICE_NAME).toBe('cronwise-worker');
    const on = loadWorkerEnvironment({ ...BASE, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(on.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://collector:4318');
  });

  it('refuses an endpoint that is not an http(s) URL, with an example', () => {
    expect(problem({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL of an OTLP/HTTP collector (got "grpc://collector:4317"); example: OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318',
    );
  });
});
