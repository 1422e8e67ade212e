import type { Database } from './client';
import type { Prisma } from './generated/prisma/client';

export type Transaction = Prisma.TransactionClient;
/** Either the root client or an open transaction: repositories accept both. */
export type Executor = Database | Transaction;

export interface TransactionOptions {
  timeoutMs?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

const DEFAULT_TRANSACTION_TIMEOUT_MS = 15_000;

/**
 * Opens a Prisma transaction: the way for Prisma-based work that must commit together. The
 * engine's raw-SQL batches, which share their transaction with pg-boss, use `withSqlTransaction`
 * (sql.ts) instead; ARCHITECTURE.md, "Prisma or raw SQL", says which to use when.
 */
export function withTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return db.$transaction(work, {
    timeout: options.timeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS,
    maxWait: 10_000,
    ...(options.isolationLevel ? { isolationLevel: options.isolationLevel } : {}),
  });
}
