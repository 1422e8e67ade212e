/**
 * Health rollups (table `run_rollups`): the final attempt of every occurrence, summed per
 * endpoint and time bucket in two sizes, with durations and lateness as fixed-bin histograms
 * (bins and bucket sizes in `@cronwise/domain` health-histogram). Health and overview read a
 * handful of these rows instead of a week of runs.
 *
 * The rows change in the same statement or transaction as the runs they count, so they can never
 * disagree with the runs table except by retention (see `deleteRunRollupsBefore`).
 */
import { COARSE_ROLLUP_BUCKET_MS, FINE_ROLLUP_BUCKET_MS, HEALTH_HISTOGRAM_BOUNDS_MS } from '@cronwise/domain';
import { type SqlExecutor, type SqlPool, withSqlTransaction } from '../sql';
import type { Executor } from '../transaction';

export const ROLLUP_BUCKET_SECONDS = [FINE_ROLLUP_BUCKET_MS / 1000, COARSE_ROLLUP_BUCKET_MS / 1000] as const;

/** Bins per histogram: one below the first bound, then one per bound. */
export const HISTOGRAM_BIN_COUNT = HEALTH_HISTOGRAM_BOUNDS_MS.length + 1;

const BOUNDS_SQL = `'{${HEALTH_HISTOGRAM_BOUNDS_MS.join(',')}}'::int[]`;
const BUCKET_SIZES_SQL = ROLLUP_BUCKET_SECONDS.map((seconds) => `(${seconds})`).join(', ');
const EXECUTED_SQL = `('success', 'failure', 'timeout')`;

function binIndexes(): number[] {
  return Array.from({ length: HISTOGRAM_BIN_COUNT }, (_, bin) => bin);
}

/** One histogram delta per group: the signed count of rows in each bin, as `int[]`. */
function histogramDeltaSql(binColumn: string): string {
  const cells = binIndexes().map((bin) => `coalesce(sum(sign) FILTER (WHERE ${binColumn} = ${bin}), 0)`);
  return `ARRAY[${cells.join(', ')}]::int[]`;
}

/** Element-wise sum of a stored histogram and its delta, tolerant of a shorter stored array. */
function histogramSumSql(column: string): string {
  return `ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                  FROM unnest(run_rollups."${column}", EXCLUDED."${column}") WITH ORDINALITY AS h(a, b, i)
                 ORDER BY i)`;
}

/**
 * The CTEs (after a leading `WITH ... rollup_changes AS (...)`) that fold `rollup_changes`
 * into run_rollups: rows ("endpointId", "jobId", "userId", "plannedAt", status, "durationMs",
 * "latenessMs", sign), sign +1 to count a run and -1 to uncount a superseded attempt. Each change
 * lands in one bucket of every size; groups are written in key order so concurrent batches lock
 * rollup rows in the same order and cannot deadlock on each other.
 */
const FOLD_CHANGES_SQL = `
rollup_binned AS (
  SELECT c."endpointId", s.seconds AS "bucketSeconds",
         date_bin(make_interval(secs => s.seconds), c."plannedAt", TIMESTAMP '2000-01-01') AS "bucketStart",
         c."jobId", c."userId", c.status, c.sign,
         CASE WHEN c.status IN ${EXECUTED_SQL} AND c."durationMs" IS NOT NULL
              THEN width_bucket(c."durationMs", ${BOUNDS_SQL}) END AS duration_bin,
         CASE WHEN c.status IN ${EXECUTED_SQL} THEN c."durationMs" END AS duration,
         CASE WHEN c."latenessMs" IS NOT NULL THEN width_bucket(c."latenessMs", ${BOUNDS_SQL}) END AS lateness_bin,
         c."latenessMs" AS lateness
    FROM rollup_changes c CROSS JOIN (VALUES ${BUCKET_SIZES_SQL}) AS s(seconds)
),
rollup_upsert AS (
  INSERT INTO run_rollups ("endpointId", "bucketSeconds", "bucketStart", "jobId", "userId", success, failure,
                           timeout, skipped, "quotaExceeded", canceled, "durationHistogram", "latenessHistogram",
                           "durationMaxMs", "latenessMaxMs")
  SELECT "endpointId", "bucketSeconds", "bucketStart", "jobId", "userId",
         coalesce(sum(sign) FILTER (WHERE status = 'success'), 0),
         coalesce(sum(sign) FILTER (WHERE status = 'failure'), 0),
         coalesce(sum(sign) FILTER (WHERE status = 'timeout'), 0),
         coalesce(sum(sign) FILTER (WHERE status = 'skipped'), 0),
         coalesce(sum(sign) FILTER (WHERE status = 'quota_exceeded'), 0),
         coalesce(sum(sign) FILTER (WHERE status = 'canceled'), 0),
         ${histogramDeltaSql('duration_bin')},
         ${histogramDeltaSql('lateness_bin')},
         max(duration) FILTER (WHERE sign > 0),
         max(lateness) FILTER (WHERE sign > 0)
    FROM rollup_binned
   GROUP BY "endpointId", "bucketSeconds", "bucketStart", "jobId", "userId"
   ORDER BY "endpointId", "bucketSeconds", "bucketStart"
  ON CONFLICT ("endpointId", "bucketSeconds", "bucketStart") DO UPDATE SET
    success = run_rollups.success + EXCLUDED.success,
    failure = run_rollups.failure + EXCLUDED.failure,
    timeout = run_rollups.timeout + EXCLUDED.timeout,
    skipped = run_rollups.skipped + EXCLUDED.skipped,
    "quotaExceeded" = run_rollups."quotaExceeded" + EXCLUDED."quotaExceeded",
    canceled = run_rollups.canceled + EXCLUDED.canceled,
    "durationHistogram" = ${histogramSumSql('durationHistogram')},
    "latenessHistogram" = ${histogramSumSql('latenessHistogram')},
    "durationMaxMs" = GREATEST(run_rollups."durationMaxMs", EXCLUDED."durationMaxMs"),
    "latenessMaxMs" = GREATEST(run_rollups."latenessMaxMs", EXCLUDED."latenessMaxMs")
  RETURNING 1
)`;

/**
 * CTEs that roll up the runs in a relation `rollup_inserted` ("endpointId", "jobId", "userId",
 * "occurrenceId", attempt, "plannedAt", status text, "durationMs", "latenessMs") that were just
 * inserted. An occurrence counts once, by its final attempt: a later attempt replaces the earlier
 * one already counted (uncounted in its own bucket). Only occurrences at attempt > 1 look back at
 * the runs table, one index probe each (a lateral join on the unique (occurrenceId, attempt,
 * occurrenceAt) index, pruned to the occurrence's month): a semi-join here let the planner scan the
 * whole table once per batch, which made every batch cost grow with the run history. Works both inside the
 * inserting statement (the runs table does not show the new rows yet) and after it (the new rows
 * are excluded by key).
 */
export const ROLL_UP_INSERTED_RUNS_SQL = `
rollup_new_finals AS (
  SELECT DISTINCT ON ("occurrenceId") * FROM rollup_inserted
   WHERE status <> 'running'
   ORDER BY "occurrenceId", attempt DESC
),
rollup_previous_finals AS (
  SELECT p.*
    FROM (SELECT "occurrenceId" FROM rollup_new_finals WHERE attempt > 1) n
   CROSS JOIN LATERAL (
     SELECT r."endpointId", r."jobId", r."userId", r."occurrenceId", r.attempt, r."plannedAt",
            r.status::text AS status, r."durationMs", r."latenessMs"
       FROM runs r
      WHERE r."occurrenceId" = n."occurrenceId"
        AND r."occurrenceAt" = runs_occurrence_at(n."occurrenceId")
        AND r.status <> 'running'
        AND NOT EXISTS (SELECT 1 FROM rollup_inserted i WHERE i."occurrenceId" = r."occurrenceId" AND i.attempt = r.attempt)
      ORDER BY r.attempt DESC
      LIMIT 1) p
),
rollup_changes AS (
  SELECT n."endpointId", n."jobId", n."userId", n."plannedAt", n.status, n."durationMs", n."latenessMs", 1 AS sign
    FROM rollup_new_finals n LEFT JOIN rollup_previous_finals p ON p."occurrenceId" = n."occurrenceId"
   WHERE p.attempt IS NULL OR p.attempt < n.attempt
  UNION ALL
  SELECT p."endpointId", p."jobId", p."userId", p."plannedAt", p.status, p."durationMs", p."latenessMs", -1 AS sign
    FROM rollup_previous_finals p JOIN rollup_new_finals n ON n."occurrenceId" = p."occurrenceId"
   WHERE p.attempt < n.attempt
),${FOLD_CHANGES_SQL}`;

/**
 * The whole rollup table computed from the runs table: the migration's backfill and
 * `rebuildRunRollups`. The migration carries a copy of this text (a test keeps them equal).
 */
export const BACKFILL_RUN_ROLLUPS_SQL = `WITH rollup_changes AS (
  SELECT DISTINCT ON ("occurrenceId") "endpointId", "jobId", "userId", "plannedAt", status::text AS status,
         "durationMs", "latenessMs", 1 AS sign
    FROM runs
   WHERE status <> 'running'
   ORDER BY "occurrenceId", attempt DESC
),${FOLD_CHANGES_SQL}
SELECT count(*)::int AS buckets FROM rollup_upsert`;

/**
 * Rolls up one run recorded outside the engine's batch (`recordRun`), after its insert. Runs
 * inserted by the engine are rolled up inside `insertRuns`' own statement instead.
 */
export async function rollUpRecordedRun(db: Executor, key: { occurrenceId: string; attempt: number }): Promise<void> {
  await db.$executeRawUnsafe(
    `WITH rollup_inserted AS (
       SELECT "endpointId", "jobId", "userId", "occurrenceId", attempt, "plannedAt", status::text AS status,
              "durationMs", "latenessMs"
         FROM runs WHERE "occurrenceId" = $1 AND attempt = $2
     ),${ROLL_UP_INSERTED_RUNS_SQL}
     SELECT 1`,
    key.occurrenceId,
    key.attempt,
  );
}

/**
 * Recomputes every rollup from the runs table, in one transaction: for runs written by hand
 * (the benchmark's seeding) or after a change of histogram bins.
 */
export function rebuildRunRollups(pool: SqlPool): Promise<number> {
  return withSqlTransaction(pool, async (client) => {
    await client.query('DELETE FROM run_rollups');
    const { rows } = await client.query<{ buckets: number }>(BACKFILL_RUN_ROLLUPS_SQL);
    return rows[0]?.buckets ?? 0;
  });
}

/**
 * Retention for rollups: drops up to `batchSize` buckets of one size that started before
 * `before`. Callers loop until it returns less than a batch.
 */
export async function deleteRunRollupsBefore(
  sql: SqlExecutor,
  options: { bucketSeconds: number; before: Date; batchSize: number },
): Promise<number> {
  const { rowCount } = await sql.query(
    `DELETE FROM run_rollups WHERE ("endpointId", "bucketSeconds", "bucketStart") IN (
       SELECT "endpointId", "bucketSeconds", "bucketStart" FROM run_rollups
        WHERE "bucketSeconds" = $1 AND "bucketStart" < $2::timestamptz
        LIMIT $3)`,
    [options.bucketSeconds, options.before.toISOString(), options.batchSize],
  );
  return rowCount ?? 0;
}
