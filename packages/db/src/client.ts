import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = PrismaClient;

export interface CreateDatabaseOptions {
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  /** Milliseconds before a query is cancelled by the server. */
  statementTimeoutMs?: number;
}

export const DEFAULT_POOL_SIZE = 10;

/** Builds a Prisma client on the pg driver adapter (no native engine). */
export function createDatabase(options: CreateDatabaseOptions): Database {
  const adapter = new PrismaPg({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  return new PrismaClient({ adapter });
}
