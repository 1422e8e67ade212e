import { databaseUrlSchema, parseEnvironment, positiveIntSchema } from '@cronwise/db';
import { z } from 'zod';

const workerEnvironmentSchema = z.object({
  DATABASE_URL: databaseUrlSchema,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: positiveIntSchema.default(10),
  /** Jobs fetched per poll; batchSize 1 caps pg-boss at a few jobs per second (stack.md). */
  WORKER_BATCH_SIZE: positiveIntSchema.default(25),
  /** Concurrent pollers on the occurrence queue. */
  WORKER_POLLERS: positiveIntSchema.default(4),
  /** Comma-separated CIDRs or host names that may be called despite the SSRF guard. */
  TARGET_ALLOWLIST: z.string().default(''),
});

export type WorkerEnvironment = z.infer<typeof workerEnvironmentSchema>;

export function loadWorkerEnvironment(source: Record<string, string | undefined> = process.env): WorkerEnvironment {
  return parseEnvironment(workerEnvironmentSchema, source, {
    DATABASE_URL: 'postgresql://postgres:secret@localhost:5432/cronwise',
    LOG_LEVEL: 'info',
    WORKER_BATCH_SIZE: '25',
    WORKER_POLLERS: '4',
    TARGET_ALLOWLIST: '127.0.0.0/8,internal.example.com',
  });
}
