/**
 * The raw pg-boss baseline: one worker process with a no-op handler and the same batch size,
 * pollers and polling interval as the engine's workers. Started by RawWorkerPool (raw-workers.ts),
 * which reads its IPC messages.
 */
import { BOSS_SCHEMA } from '@cronwise/jobs';
import { PgBoss } from 'pg-boss';
import { RAW_WORKER_ENV, type RawWorkerMessage } from './raw-worker-contract';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; this module is started by bench/harness/raw-workers.ts`);
  return value;
}

function send(message: RawWorkerMessage): void {
  process.send?.(message);
}

const pollers = Number(required(RAW_WORKER_ENV.pollers));
const boss = new PgBoss({
  connectionString: required(RAW_WORKER_ENV.databaseUrl),
  schema: BOSS_SCHEMA,
  max: pollers + 4,
  supervise: false,
  schedule: false,
});
boss.on('error', (error) => console.error(`raw pg-boss worker ${process.pid}:`, error));
await boss.start();

let processed = 0;
let reported = 0;
await boss.work(
  required(RAW_WORKER_ENV.queue),
  {
    batchSize: Number(required(RAW_WORKER_ENV.batchSize)),
    localConcurrency: pollers,
    pollingIntervalSeconds: 0.5,
    burstWhenBatchFull: true,
  },
  async (jobs) => {
    processed += jobs.length;
  },
);
send({ type: 'ready' });

// Progress once a second while it changes: the benchmark waits on it to know the pollers are warm.
const progress = setInterval(() => {
  if (processed === reported) return;
  reported = processed;
  send({ type: 'progress', processed });
}, 1_000);

process.on('SIGTERM', () => {
  clearInterval(progress);
  void boss.stop({ graceful: true }).then(() => process.exit(0));
});
