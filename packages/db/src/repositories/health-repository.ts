import { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';

/** Which runs a health query covers: one endpoint, one job, or all of a user's endpoints. */
export type HealthScope = { userId: string; endpointId?: string; jobId?: string };

export interface RunWindowStatistics {
  count: number;
  success: number;
  failure: number;
  timeout: number;
  skipped: number;
  quotaExceeded: number;
  canceled: number;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  latenessP50Ms: number | null;
  latenessP99Ms: number | null;
}

/**
 * Health statistics of the runs planned in (since, until], computed in PostgreSQL so that a
 * busy endpoint's week of runs never travels to the application. One record per occurrence
 * (its last attempt), so retries do not count twice. `percentile_disc` is the nearest-rank
 * percentile used by `computeHealth` in the domain; durations count executed runs only.
 */
export async function summariseRunWindow(
  db: Executor,
  scope: HealthScope,
  window: { since: Date; until: Date },
): Promise<RunWindowStatistics> {
  const filters = [Prisma.sql`"userId" = ${scope.userId}::uuid`];
  if (scope.endpointId) filters.push(Prisma.sql`"endpointId" = ${scope.endpointId}::uuid`);
  if (scope.jobId) filters.push(Prisma.sql`"jobId" = ${scope.jobId}::uuid`);
  filters.push(Prisma.sql`"plannedAt" > ${window.since} AND "plannedAt" <= ${window.until}`);
  filters.push(Prisma.sql`status <> 'running'`);
  const rows = await db.$queryRaw<RunWindowStatistics[]>`
    WITH finals AS (
      SELECT DISTINCT ON ("occurrenceId") status, "durationMs", "latenessMs"
      FROM runs WHERE ${Prisma.join(filters, ' AND ')}
      ORDER BY "occurrenceId", attempt DESC
    )
    SELECT
      count(*)::int AS count,
      count(*) FILTER (WHERE status = 'success')::int AS success,
      count(*) FILTER (WHERE status = 'failure')::int AS failure,
      count(*) FILTER (WHERE status = 'timeout')::int AS timeout,
      count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
      count(*) FILTER (WHERE status = 'quota_exceeded')::int AS "quotaExceeded",
      count(*) FILTER (WHERE status = 'canceled')::int AS canceled,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY "durationMs")
        FILTER (WHERE status IN ('success', 'failure', 'timeout')) AS "durationP50Ms",
      percentile_disc(0.95) WITHIN GROUP (ORDER BY "durationMs")
        FILTER (WHERE status IN ('success', 'failure', 'timeout')) AS "durationP95Ms",
      percentile_disc(0.5) WITHIN GROUP (ORDER BY "latenessMs") AS "latenessP50Ms",
      percentile_disc(0.99) WITHIN GROUP (ORDER BY "latenessMs") AS "latenessP99Ms"
    FROM finals`;
  const row = rows[0];
  if (!row) throw new Error('health summary returned no row');
  return row;
}

export interface EndpointScheduleState {
  id: string;
  jobId: string;
  name: string;
  failureStreak: number;
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  nextRunAt: Date | null;
  pausedAt: Date | null;
}

/** Runtime state of the endpoints in a scope, for "last run", "next run" and failure streaks. */
export function listEndpointScheduleStates(db: Executor, scope: HealthScope): Promise<EndpointScheduleState[]> {
  return db.endpoint.findMany({
    where: {
      userId: scope.userId,
      ...(scope.endpointId ? { id: scope.endpointId } : {}),
      ...(scope.jobId ? { jobId: scope.jobId } : {}),
    },
    select: {
      id: true,
      jobId: true,
      name: true,
      failureStreak: true,
      lastRunAt: true,
      lastRunStatus: true,
      nextRunAt: true,
      pausedAt: true,
    },
    orderBy: { id: 'asc' },
  });
}
