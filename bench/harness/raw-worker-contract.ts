/** What the raw pg-boss worker process (raw-pgboss-worker.ts) and its parent (raw-workers.ts) agree on. */

/** Messages from the worker to the benchmark over IPC. */
export type RawWorkerMessage = { type: 'ready' } | { type: 'progress'; processed: number };

/** The environment the raw worker reads. */
export const RAW_WORKER_ENV = {
  databaseUrl: 'RAW_WORKER_DATABASE_URL',
  queue: 'RAW_WORKER_QUEUE',
  batchSize: 'RAW_WORKER_BATCH_SIZE',
  pollers: 'RAW_WORKER_POLLERS',
} as const;
