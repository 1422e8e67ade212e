-- Health rollups: per endpoint and time bucket (300 s and 3600 s), counts by status and
-- fixed-bin histograms of duration and lateness. See packages/db/src/repositories/run-rollups-repository.ts.

-- CreateTable
CREATE TABLE "run_rollups" (
    "endpointId" UUID NOT NULL,
    "bucketSeconds" INTEGER NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "jobId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "success" INTEGER NOT NULL DEFAULT 0,
    "failure" INTEGER NOT NULL DEFAULT 0,
    "timeout" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "quotaExceeded" INTEGER NOT NULL DEFAULT 0,
    "canceled" INTEGER NOT NULL DEFAULT 0,
    "durationHistogram" INTEGER[],
    "latenessHistogram" INTEGER[],
    "durationMaxMs" INTEGER,
    "latenessMaxMs" INTEGER,

    CONSTRAINT "run_rollups_pkey" PRIMARY KEY ("endpointId","bucketSeconds","bucketStart")
);

-- CreateIndex
CREATE INDEX "run_rollups_jobId_bucketSeconds_bucketStart_idx" ON "run_rollups"("jobId", "bucketSeconds", "bucketStart");

-- CreateIndex
CREATE INDEX "run_rollups_userId_bucketSeconds_bucketStart_idx" ON "run_rollups"("userId", "bucketSeconds", "bucketStart");

-- CreateIndex
CREATE INDEX "run_rollups_bucketSeconds_bucketStart_idx" ON "run_rollups"("bucketSeconds", "bucketStart");

-- AddForeignKey
ALTER TABLE "run_rollups" ADD CONSTRAINT "run_rollups_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_rollups" ADD CONSTRAINT "run_rollups_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_rollups" ADD CONSTRAINT "run_rollups_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the existing runs (BACKFILL_RUN_ROLLUPS_SQL).
WITH rollup_changes AS (
  SELECT DISTINCT ON ("occurrenceId") "endpointId", "jobId", "userId", "plannedAt", status::text AS status,
         "durationMs", "latenessMs", 1 AS sign
    FROM runs
   WHERE status <> 'running'
   ORDER BY "occurrenceId", attempt DESC
),
rollup_binned AS (
  SELECT c."endpointId", s.seconds AS "bucketSeconds",
         date_bin(make_interval(secs => s.seconds), c."plannedAt", TIMESTAMP '2000-01-01') AS "bucketStart",
         c."jobId", c."userId", c.status, c.sign,
         CASE WHEN c.status IN ('success', 'failure', 'timeout') AND c."durationMs" IS NOT NULL
              THEN width_bucket(c."durationMs", '{1,2,5,10,20,35,50,75,100,150,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,15000,20000,30000,60000,120000,300000,900000,3600000}'::int[]) END AS duration_bin,
         CASE WHEN c.status IN ('success', 'failure', 'timeout') THEN c."durationMs" END AS duration,
         CASE WHEN c."latenessMs" IS NOT NULL THEN width_bucket(c."latenessMs", '{1,2,5,10,20,35,50,75,100,150,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,15000,20000,30000,60000,120000,300000,900000,3600000}'::int[]) END AS lateness_bin,
         c."latenessMs" AS lateness
    FROM rollup_changes c CROSS JOIN (VALUES (300), (3600)) AS s(seconds)
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
         ARRAY[coalesce(sum(sign) FILTER (WHERE duration_bin = 0), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 1), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 2), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 3), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 4), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 5), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 6), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 7), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 8), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 9), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 10), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 11), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 12), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 13), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 14), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 15), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 16), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 17), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 18), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 19), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 20), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 21), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 22), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 23), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 24), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 25), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 26), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 27), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 28), 0), coalesce(sum(sign) FILTER (WHERE duration_bin = 29), 0)]::int[],
         ARRAY[coalesce(sum(sign) FILTER (WHERE lateness_bin = 0), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 1), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 2), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 3), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 4), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 5), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 6), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 7), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 8), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 9), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 10), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 11), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 12), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 13), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 14), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 15), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 16), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 17), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 18), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 19), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 20), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 21), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 22), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 23), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 24), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 25), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 26), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 27), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 28), 0), coalesce(sum(sign) FILTER (WHERE lateness_bin = 29), 0)]::int[],
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
    "durationHistogram" = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                  FROM unnest(run_rollups."durationHistogram", EXCLUDED."durationHistogram") WITH ORDINALITY AS h(a, b, i)
                 ORDER BY i),
    "latenessHistogram" = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                  FROM unnest(run_rollups."latenessHistogram", EXCLUDED."latenessHistogram") WITH ORDINALITY AS h(a, b, i)
                 ORDER BY i),
    "durationMaxMs" = GREATEST(run_rollups."durationMaxMs", EXCLUDED."durationMaxMs"),
    "latenessMaxMs" = GREATEST(run_rollups."latenessMaxMs", EXCLUDED."latenessMaxMs")
  RETURNING 1
)
SELECT count(*)::int AS buckets FROM rollup_upsert;
