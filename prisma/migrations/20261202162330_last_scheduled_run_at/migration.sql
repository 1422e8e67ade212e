-- AlterTable
ALTER TABLE "endpoints" ADD COLUMN     "lastScheduledRunAt" TIMESTAMP(3);

-- Until now lastRunAt held the last scheduled run, moved forward by run-now and retries.
UPDATE "endpoints" SET "lastScheduledRunAt" = "lastRunAt";
