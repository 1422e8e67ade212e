import type { ChildProcess } from 'node:child_process';
import { startTsxProcess, stopProcess, unlessExited } from './processes';
import { RAW_WORKER_ENV, type RawWorkerMessage } from './raw-worker-contract';
import type { BenchSettings } from './settings';

interface RawWorker {
  child: ChildProcess;
  processed: number;
}

/** Raw pg-boss worker processes with a no-op handler and the engine workers' batch settings. */
export class RawWorkerPool {
  private readonly workers: RawWorker[] = [];
  private readonly progressListeners = new Set<() => void>();

  constructor(private readonly settings: BenchSettings) {}

  async start(databaseUrl: string, queue: string): Promise<void> {
    const ready: Promise<void>[] = [];
    for (let index = 0; index < this.settings.workers; index += 1) {
      const child = startTsxProcess(
        'bench/harness/raw-pgboss-worker.ts',
        {
          [RAW_WORKER_ENV.databaseUrl]: databaseUrl,
          [RAW_WORKER_ENV.queue]: queue,
          [RAW_WORKER_ENV.batchSize]: String(this.settings.batchSize),
          [RAW_WORKER_ENV.pollers]: String(this.settings.pollers),
        },
        { withIpc: true },
      );
      const worker: RawWorker = { child, processed: 0 };
      this.workers.push(worker);
      ready.push(
        unlessExited(
          child,
          'a raw pg-boss worker',
          new Promise<void>((resolve) => {
            child.on('message', (message: RawWorkerMessage) => {
              if (message.type === 'ready') resolve();
              if (message.type === 'progress') {
                worker.processed = message.processed;
                for (const listener of this.progressListeners) listener();
              }
            });
          }),
        ),
      );
    }
    await Promise.all(ready);
  }

  pids(): (number | undefined)[] {
    return this.workers.map((worker) => worker.child.pid);
  }

  /** Resolves once every worker has reported at least `jobs` processed jobs (their pools and pollers are warm). */
  async allProcessed(jobs: number, timeoutMs = 60_000): Promise<void> {
    const isDone = () => this.workers.every((worker) => worker.processed >= jobs);
    if (isDone()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.progressListeners.delete(check);
        reject(new Error(`raw pg-boss workers did not process ${jobs} jobs each within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!isDone()) return;
        clearTimeout(timer);
        this.progressListeners.delete(check);
        resolve();
      };
      this.progressListeners.add(check);
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => stopProcess(worker.child)));
  }
}
