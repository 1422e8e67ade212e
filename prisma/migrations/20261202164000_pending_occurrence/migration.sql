-- Near-horizon occurrences: only occurrences due within a few minutes are pg-boss jobs, the rest
-- wait on the endpoint row until the horizon pass queues them (through the nextRunAt index).
ALTER TABLE "endpoints" ADD COLUMN     "pendingOccurrence" JSONB;
