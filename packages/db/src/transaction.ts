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

/** The one way to open a transaction; everything that must commit together goes through here. */
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
