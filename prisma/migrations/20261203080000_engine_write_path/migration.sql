-- The engine's write path (issue 14, saturation).
--
-- No query reads endpoints by lastRunAt, and the engine moves it on every execution, so the index
-- only cost an extra index entry per execution.
DROP INDEX IF EXISTS "endpoints_lastRunAt_idx";

-- Room on each page for HOT updates (no new index entries when no indexed column changes):
-- a rollup row is updated by every run in its bucket, and an endpoint row is marked in flight
-- before every execution. Prisma does not model storage parameters; db:check ignores them.
ALTER TABLE "run_rollups" SET (fillfactor = 70);
ALTER TABLE "endpoints" SET (fillfactor = 85);
