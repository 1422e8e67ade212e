-- Run history partitioned by month (declarative range partitioning).
-- Why the key is "occurrenceAt", how Prisma and db:check live with it: ARCHITECTURE.md, "Run history partitions".
-- The migration runs as one transaction (packages/db/src/migrate/cli-adapter.ts): all of it or nothing.

-- The partition key of a run: the time its occurrence id carries. Ids minted by newOccurrenceId are
-- occ_ + a UUIDv7 without dashes, whose first 48 bits are the time the occurrence was planned
-- (minted: when its predecessor finished or the schedule changed), in ms since 1970.
-- Any other id (test data, seeded history) maps to 1970-01-01, i.e. the default partition.
-- A pure function of the id, so every attempt of an occurrence gets the same key: mirrored in
-- TypeScript by occurrenceTimeOf (packages/db/src/repositories/run-partitions-repository.ts).
CREATE FUNCTION runs_occurrence_at(occurrence_id text) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN occurrence_id ~ '^occ_[0-9a-f]{12}7[0-9a-f]{19}$'
      THEN timestamp '1970-01-01 00:00:00'
           + interval '1 millisecond' * ('x' || lpad(substr(occurrence_id, 5, 12), 16, '0'))::bit(64)::bigint
    ELSE timestamp '1970-01-01 00:00:00'
  END
$$;

-- The old table steps aside with its data. Its indexes and foreign keys go (the new table gets
-- its own, under the names Prisma expects).
ALTER TABLE "runs" RENAME TO "runs_unpartitioned";
ALTER TABLE "runs_unpartitioned" RENAME CONSTRAINT "runs_pkey" TO "runs_unpartitioned_pkey";
ALTER TABLE "runs_unpartitioned" DROP CONSTRAINT "runs_endpointId_fkey";
ALTER TABLE "runs_unpartitioned" DROP CONSTRAINT "runs_jobId_fkey";
ALTER TABLE "runs_unpartitioned" DROP CONSTRAINT "runs_userId_fkey";
DROP INDEX "runs_endpointId_plannedAt_id_idx";
DROP INDEX "runs_userId_createdAt_idx";
DROP INDEX "runs_jobId_plannedAt_idx";
DROP INDEX "runs_occurrenceId_attempt_key";

CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "occurrenceId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "occurrenceAt" TIMESTAMP(3) NOT NULL,
    "plannedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "status" "RunStatus" NOT NULL,
    "statusCode" INTEGER,
    "durationMs" INTEGER,
    "latenessMs" INTEGER,
    "source" TEXT NOT NULL,
    "explanation" TEXT NOT NULL DEFAULT '',
    "responseBody" TEXT,
    "responseTruncated" BOOLEAN NOT NULL DEFAULT false,
    "responseContentType" TEXT,
    "responseSizeBytes" INTEGER,
    "responseHeaders" JSONB,
    "requestSnapshot" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The key is the id's time and nothing else, so (occurrenceId, attempt, occurrenceAt) is
    -- unique exactly when (occurrenceId, attempt) is.
    CONSTRAINT "runs_occurrenceAt_matches_occurrenceId" CHECK ("occurrenceAt" = runs_occurrence_at("occurrenceId"))
) PARTITION BY RANGE ("occurrenceAt");

-- Rows of months without a partition (ids without a time, a month maintenance has not created yet)
-- land here. Retention deletes from it in batches, it is never dropped.
CREATE TABLE "runs_default" PARTITION OF "runs" DEFAULT;

-- Creates the partition runs_YYYY_MM for the month holding month_start, unless it exists.
-- Rows of that month already in runs_default move into it first, so the attach cannot fail.
-- Serialised by an advisory lock: workers starting together create each month once.
-- Attaching takes a SHARE UPDATE EXCLUSIVE lock on runs, so inserts and reads go on meanwhile.
CREATE FUNCTION runs_ensure_partition(month_start timestamp) RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
  lower_bound timestamp := date_trunc('month', month_start);
  upper_bound timestamp := date_trunc('month', month_start) + interval '1 month';
  partition_name text := 'runs_' || to_char(date_trunc('month', month_start), 'YYYY_MM');
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('runs_ensure_partition'));
  IF to_regclass(format('public.%I', partition_name)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE runs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name);
  EXECUTE format(
    'WITH moved AS (DELETE FROM runs_default WHERE "occurrenceAt" >= %L AND "occurrenceAt" < %L RETURNING *) '
    'INSERT INTO %I SELECT * FROM moved',
    lower_bound, upper_bound, partition_name);
  EXECUTE format('ALTER TABLE runs ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
    partition_name, lower_bound, upper_bound);
  RETURN true;
END
$$;

-- A partition for every month the existing runs fall in (ids with a plausible time), and for
-- this month and the next two.
SELECT runs_ensure_partition(month)
  FROM (SELECT DISTINCT date_trunc('month', runs_occurrence_at("occurrenceId")) AS month
          FROM "runs_unpartitioned"
         WHERE runs_occurrence_at("occurrenceId") >= timestamp '2000-01-01 00:00:00'
           AND runs_occurrence_at("occurrenceId") < (now() AT TIME ZONE 'UTC') + interval '1 year'
        UNION
        SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => ahead)
          FROM generate_series(0, 2) AS ahead) AS months
 ORDER BY month;

INSERT INTO "runs" ("id", "endpointId", "jobId", "userId", "occurrenceId", "attempt", "occurrenceAt", "plannedAt",
                    "startedAt", "finishedAt", "status", "statusCode", "durationMs", "latenessMs", "source",
                    "explanation", "responseBody", "responseTruncated", "responseContentType", "responseSizeBytes",
                    "responseHeaders", "requestSnapshot", "error", "createdAt")
SELECT "id", "endpointId", "jobId", "userId", "occurrenceId", "attempt", runs_occurrence_at("occurrenceId"), "plannedAt",
       "startedAt", "finishedAt", "status", "statusCode", "durationMs", "latenessMs", "source",
       "explanation", "responseBody", "responseTruncated", "responseContentType", "responseSizeBytes",
       "responseHeaders", "requestSnapshot", "error", "createdAt"
  FROM "runs_unpartitioned";

DROP TABLE "runs_unpartitioned";

-- Keys and indexes after the copy (built once per partition instead of row by row). Every unique
-- key of a partitioned table must contain the partition key.
ALTER TABLE "runs" ADD CONSTRAINT "runs_pkey" PRIMARY KEY ("id", "occurrenceAt");
CREATE UNIQUE INDEX "runs_occurrenceId_attempt_occurrenceAt_key" ON "runs"("occurrenceId", "attempt", "occurrenceAt");
CREATE INDEX "runs_endpointId_plannedAt_id_idx" ON "runs"("endpointId", "plannedAt" DESC, "id" DESC);
CREATE INDEX "runs_userId_createdAt_idx" ON "runs"("userId", "createdAt");
CREATE INDEX "runs_jobId_plannedAt_idx" ON "runs"("jobId", "plannedAt");
-- Retention asks "does this old partition still hold a run created after the cutoff?": a BRIN
-- index answers from a few block summaries and costs next to nothing to maintain.
CREATE INDEX "runs_createdAt_idx" ON "runs" USING BRIN ("createdAt");

ALTER TABLE "runs" ADD CONSTRAINT "runs_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "runs" ADD CONSTRAINT "runs_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "runs" ADD CONSTRAINT "runs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
