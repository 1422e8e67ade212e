import type { Database } from '@cronwise/db';
import type { PgBoss } from 'pg-boss';

export interface HealthReport {
  status: 'ok' | 'error';
  db: string;
  queue: string;
}

const HEALTH_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label} did not answer within ${HEALTH_CHECK_TIMEOUT_MS} ms`)),
      HEALTH_CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function probe(check: () => Promise<unknown>, label: string): Promise<string> {
  try {
    await withTimeout(check(), label);
    return 'ok';
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Checks the database and pg-boss independently so the failing part is named. */
export async function checkHealth(db: Database, boss: PgBoss): Promise<HealthReport> {
  const [dbStatus, queueStatus] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`, 'database'),
    probe(() => boss.getQueues(), 'queue'),
  ]);
  return { status: dbStatus === 'ok' && queueStatus === 'ok' ? 'ok' : 'error', db: dbStatus, queue: queueStatus };
}
