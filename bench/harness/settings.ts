import { BenchUsageError } from '../cli';

/** Worker shape shared by the engine workers and the raw pg-boss workers, so the comparison is fair. */
export interface BenchSettings {
  /** Multiplies the default sizes of every scenario (BENCH_SCALE, default 1). */
  scale: number;
  /** Worker processes (BENCH_WORKERS, default 2). */
  workers: number;
  /** Jobs fetched per poll (BENCH_BATCH_SIZE, default 100: the worker's default). */
  batchSize: number;
  /** Concurrent pollers per worker (BENCH_POLLERS, default 4). */
  pollers: number;
}

function positiveNumber(name: string, fallback: number, source: Record<string, string | undefined>): number {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new BenchUsageError(`${name}=${raw} is not a positive number; e.g. ${name}=${fallback}`);
  }
  return value;
}

export function readBenchSettings(source: Record<string, string | undefined> = process.env): BenchSettings {
  const whole = (name: string, fallback: number) => {
    const value = positiveNumber(name, fallback, source);
    if (!Number.isInteger(value)) throw new BenchUsageError(`${name} must be a whole number, e.g. ${name}=${fallback}`);
    return value;
  };
  return {
    scale: positiveNumber('BENCH_SCALE', 1, source),
    workers: whole('BENCH_WORKERS', 2),
    batchSize: whole('BENCH_BATCH_SIZE', 100),
    pollers: whole('BENCH_POLLERS', 4),
  };
}
