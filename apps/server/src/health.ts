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

export type HealthFailureLogger = (part: 'database' | 'queue', error: unknown) => void;

/**
 * The answer names the failing part but carries no error text: /healthz is public, and driver
 * messages name hosts, users and database names. The full error goes to the log.
 */
async function probe(check: () => Promise<unknown>, label: 'database' | 'queue', log: HealthFailureLogger) {
  try {
    await withTimeout(check(), label);
    return 'ok';
  } catch (error) {
    log(label, error);
    return 'unavailable';
  }
}

/** Checks the database and pg-boss independently so the failing part is named. */
export async function checkHealth(
  db: Database,
  boss: PgBoss,
  log: HealthFailureLogger = () => {},
): Promise<HealthReport> {
  const [dbStatus, queueStatus] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`, 'database', log),
    probe(() => boss.getQueues(), 'queue', log),
  ]);
  return { status: dbStatus === 'ok' && queueStatus === 'ok' ? 'ok' : 'error', db: dbStatus, queue: queueStatus };
}
