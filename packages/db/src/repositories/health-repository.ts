import { COARSE_ROLLUP_BUCKET_MS, FINE_ROLLUP_BUCKET_MS, HOUR_MS, percentileFromHistogram } from '@cronwise/domain';
import { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';
import { HISTOGRAM_BIN_COUNT } from './run-rollups-repository';

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

interface RollupWindowRow {
  success: number;
  failure: number;
  timeout: number;
  skipped: number;
  quotaExceeded: number;
  canceled: number;
  durationHistogram: number[];
  latenessHistogram: number[];
  durationMaxMs: number | null;
  latenessMaxMs: number | null;
}

/** Up to this window length the five-minute buckets are read by default (they are kept a day). */
const FINE_ROLLUP_MAX_WINDOW_MS = 6 * HOUR_MS;

function histogramTotalSql(column: string): Prisma.Sql {
  const cells = Array.from({ length: HISTOGRAM_BIN_COUNT }, (_, bin) => `coalesce(sum("${column}"[${bin + 1}]), 0)`);
  return Prisma.raw(`ARRAY[${cells.join(', ')}]::int[]`);
}

/**
 * Health statistics of the runs planned in (since, until], read from the rollups (see
 * run-rollups-repository) of size `bucketMs` (by default the five-minute buckets for windows up
 * to six hours, hourly ones beyond): a few rows per endpoint whatever the number of runs. One record per occurrence (its last attempt), so retries do not count twice.
 *
 * Resolution: every bucket that overlaps the window counts whole, so the window really starts
 * at `since` rounded down to the bucket size. Percentiles are nearest-rank read from the
 * histograms (`percentileFromHistogram`): at or above the exact value, within its bin.
 * Durations count executed runs only.
 */
export async function summariseRunWindow(
  db: Executor,
  scope: HealthScope,
  window: { since: Date; until: Date; bucketMs?: number },
): Promise<RunWindowStatistics> {
  const bucketMs =
    window.bucketMs ??
    (window.until.getTime() - window.since.getTime() <= FINE_ROLLUP_MAX_WINDOW_MS
      ? FINE_ROLLUP_BUCKET_MS
      : COARSE_ROLLUP_BUCKET_MS);
  const bucketSeconds = Math.round(bucketMs / 1000);
  const filters = [Prisma.sql`"userId" = ${scope.userId}::uuid`];
  if (scope.endpointId) filters.push(Prisma.sql`"endpointId" = ${scope.endpointId}::uuid`);
  if (scope.jobId) filters.push(Prisma.sql`"jobId" = ${scope.jobId}::uuid`);
  filters.push(Prisma.sql`"bucketSeconds" = ${bucketSeconds}`);
  filters.push(
    Prisma.sql`"bucketStart" > ${new Date(window.since.getTime() - bucketMs)} AND "bucketStart" <= ${window.until}`,
  );
  const rows = await db.$queryRaw<RollupWindowRow[]>`
    SELECT
      coalesce(sum(success), 0)::int AS success,
      coalesce(sum(failure), 0)::int AS failure,
      coalesce(sum(timeout), 0)::int AS timeout,
      coalesce(sum(skipped), 0)::int AS skipped,
      coalesce(sum("quotaExceeded"), 0)::int AS "quotaExceeded",
      coalesce(sum(canceled), 0)::int AS canceled,
      ${histogramTotalSql('durationHistogram')} AS "durationHistogram",
      ${histogramTotalSql('latenessHistogram')} AS "latenessHistogram",
      max("durationMaxMs") AS "durationMaxMs",
      max("latenessMaxMs") AS "latenessMaxMs"
    FROM run_rollups WHERE ${Prisma.join(filters, ' AND ')}`;
  const row = rows[0];
  if (!row) throw new Error('health summary returned no row');
  return {
    count: row.success + row.failure + row.timeout + row.skipped + row.quotaExceeded + row.canceled,
    success: row.success,
    failure: row.failure,
    timeout: row.timeout,
    skipped: row.skipped,
    quotaExceeded: row.quotaExceeded,
    canceled: row.canceled,
    durationP50Ms: percentileFromHistogram(row.durationHistogram, 50, row.durationMaxMs),
    durationP95Ms: percentileFromHistogram(row.durationHistogram, 95, row.durationMaxMs),
    latenessP50Ms: percentileFromHistogram(row.latenessHistogram, 50, row.latenessMaxMs),
    latenessP99Ms: percentileFromHistogram(row.latenessHistogram, 99, row.latenessMaxMs),
  };
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
