import type { ChildProcess } from 'node:child_process';
import { log } from './log';
import { onStdoutLine, startTsxProcess, stopProcess, unlessExited } from './processes';
import type { BenchSettings } from './settings';

/** Must match the worker's ENCRYPTION_SECRET length rules; the bench stores no secrets. */
const ENCRYPTION_SECRET = 'benchmark-encryption-secret-000000000000';

/**
 * BENCH_PROFILE_DIR=<dir> starts each engine worker with V8's CPU profiler; the .cpuprofile files
 * (written when a worker stops) open in Chrome DevTools or speedscope.
 */
function profileArgs(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Cumulative counters from the worker's periodic "engine stats" log line. */
export interface EngineStats {
  executions: number;
  statements: number;
  batches: number;
}

interface EngineWorker {
  child: ChildProcess;
  stats: EngineStats;
  /** Called on the worker's next stats line. */
  waiters: (() => void)[];
}

/** apps/worker processes, started as an operator would, with their stats lines parsed. */
export class EngineWorkerPool {
  private readonly workers: EngineWorker[] = [];

  constructor(private readonly settings: BenchSettings) {}

  async start(databaseUrl: string): Promise<void> {
    const ready: Promise<void>[] = [];
    for (let index = 0; index < this.settings.workers; index += 1) {
      const child = startTsxProcess(
        'apps/worker/src/main.ts',
        {
          DATABASE_URL: databaseUrl,
          TARGET_ALLOWLIST: '127.0.0.1/32',
          ENCRYPTION_SECRET,
          LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? 'info',
          WORKER_BATCH_SIZE: String(this.settings.batchSize),
          WORKER_POLLERS: String(this.settings.pollers),
          DATABASE_POOL_SIZE: String(this.settings.pollers + 4),
          // Several workers on one machine: no metrics listener (they would race for one port).
          WORKER_METRICS_PORT: '0',
          NODE_ENV: 'production',
        },
        { nodeArgs: profileArgs() },
      );
      const worker: EngineWorker = { child, stats: { executions: 0, statements: 0, batches: 0 }, waiters: [] };
      this.workers.push(worker);
      ready.push(
        unlessExited(
          child,
          'an engine worker',
          new Promise<void>((resolve) => {
            onStdoutLine(child, (line) => {
              if (line.includes('"worker ready"')) resolve();
              if (/"level":(50|60)/.test(line) || line.includes('occurrence dropped'))
                log(`worker ${child.pid}: ${line.slice(0, 600)}`);
              if (line.includes('"engine stats"')) this.recordStats(worker, JSON.parse(line) as EngineStats);
            });
          }),
        ),
      );
    }
    await Promise.all(ready);
  }

  private recordStats(worker: EngineWorker, line: EngineStats): void {
    worker.stats = { executions: line.executions, statements: line.statements, batches: line.batches };
    const waiters = worker.waiters.splice(0);
    for (const wake of waiters) wake();
  }

  pids(): (number | undefined)[] {
    return this.workers.map((worker) => worker.child.pid);
  }

  /**
   * Waits until every worker has logged stats again (they do every 5 s) and returns the sum: counters
   * that include everything the workers had finished when this was called.
   */
  async nextStats(timeoutMs = 20_000): Promise<EngineStats> {
    await Promise.all(
      this.workers.map((worker) =>
        unlessExited(
          worker.child,
          'an engine worker',
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`worker ${worker.child.pid} logged no "engine stats" line for ${timeoutMs} ms`)),
              timeoutMs,
            );
            worker.waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
        ),
      ),
    );
    return this.workers.reduce(
      (sum, { stats }) => ({
        executions: sum.executions + stats.executions,
        statements: sum.statements + stats.statements,
        batches: sum.batches + stats.batches,
      }),
      { executions: 0, statements: 0, batches: 0 },
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => stopProcess(worker.child)));
  }
}
