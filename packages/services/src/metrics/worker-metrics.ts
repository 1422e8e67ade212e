import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Buckets in seconds: lateness is sub-second when healthy and minutes when workers fall behind. */
const LATENESS_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const DURATION_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const BATCH_SIZE_BUCKETS = [1, 5, 10, 25, 50, 100, 200];
const STATEMENT_BUCKETS = [1, 2, 4, 6, 8, 10, 15, 20, 40];

/** The part of a recorded run the metrics read. */
export interface RunForMetrics {
  status: string;
  statusCode: number | null;
  durationMs: number | null;
  latenessMs: number | null;
  /** Null for runs that never reached the target (skipped, quota exceeded). */
  startedAt: Date | null;
}

export interface BatchForMetrics {
  /** Occurrences pg-boss handed to the batch. */
  size: number;
  statements: number;
  runs: readonly RunForMetrics[];
}

/**
 * Why a dispatched run did not succeed, as a small closed set usable as a label: the error text
 * itself would give every endpoint its own series.
 */
export function classifyDispatchError(run: RunForMetrics): string | null {
  if (run.startedAt === null || run.status === 'success') return null;
  if (run.status === 'timeout') return 'timeout';
  if (run.statusCode === null) return 'no_response';
  if (run.statusCode >= 500) return 'http_5xx';
  if (run.statusCode === 429) return 'http_429';
  if (run.statusCode >= 400) return 'http_4xx';
  return 'unexpected_status';
}

/** What the worker reports on its own /metrics (WORKER_METRICS_PORT). */
export function createWorkerMetrics(options: { collectProcessMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.collectProcessMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'cronwise_' });
  const executions = new Counter({
    name: 'cronwise_executions_total',
    help: 'Recorded runs by status (success, failure, timeout, skipped, quota_exceeded, canceled)',
    labelNames: ['status'],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'cronwise_run_lateness_seconds',
    help: 'Time from the planned instant to the request start, for dispatched runs',
    buckets: LATENESS_BUCKETS_SECONDS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'cronwise_run_duration_seconds',
    help: 'Time the target took to answer, for dispatched runs',
    buckets: DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'cronwise_batch_occurrences',
    help: 'Occurrences per batch fetched from pg-boss',
    buckets: BATCH_SIZE_BUCKETS,
    registers: [registry],
  });
  const statements = new Histogram({
    name: 'cronwise_batch_statements',
    help: 'SQL statements the engine issued per batch (without pg-boss fetch and completion)',
    buckets: STATEMENT_BUCKETS,
    registers: [registry],
  });
  const dispatchErrors = new Counter({
    name: 'cronwise_dispatch_errors_total',
    help: 'Dispatched runs that did not succeed, by class (timeout, no_response, http_5xx, http_429, http_4xx, unexpected_status)',
    labelNames: ['class'],
    registers: [registry],
  });
  const failedBatches = new Counter({
    name: 'cronwise_batch_failures_total',
    help: 'Batches that threw and were handed back to pg-boss for a retry',
    registers: [registry],
  });
  const aiSessions = new Counter({
    name: 'cronwise_ai_sessions_total',
    help: 'AI planner sessions by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const aiTokens = new Counter({
    name: 'cronwise_ai_tokens_total',
    help: 'AI tokens used by the planner, by direction (input, output)',
    labelNames: ['direction'],
    registers: [registry],
  });

  return {
    registry,
    /** Called once per finished batch from the worker's handler: no work in the engine's hot path. */
    recordBatch(batch: BatchForMetrics): void {
      batchSize.observe(batch.size);
      statements.observe(batch.statements);
      for (const run of batch.runs) {
        executions.inc({ status: run.status });
        if (run.startedAt === null) continue;
        if (run.latenessMs !== null) lateness.observe(Math.max(0, run.latenessMs) / 1000);
        if (run.durationMs !== null) duration.observe(run.durationMs / 1000);
        const errorClass = classifyDispatchError(run);
        if (errorClass) dispatchErrors.inc({ class: errorClass });
      }
    },
    recordFailedBatch(): void {
      failedBatches.inc();
    },
    recordAiSession(session: { outcome: string; tokensIn: number; tokensOut: number }): void {
      aiSessions.inc({ outcome: session.outcome });
      if (session.tokensIn > 0) aiTokens.inc({ direction: 'input' }, session.tokensIn);
      if (session.tokensOut > 0) aiTokens.inc({ direction: 'output' }, session.tokensOut);
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
