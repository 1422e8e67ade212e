-- AI planner: suggest by default, session audit fields, proposal expiry, planner state on endpoints.
ALTER TABLE "endpoints" ALTER COLUMN "aiMode" SET DEFAULT 'suggest';
ALTER TABLE "endpoints" ADD COLUMN "lastAnalysisAt" TIMESTAMP(3),
ADD COLUMN "aiStatus" TEXT,
ADD COLUMN "aiStatusMessage" TEXT,
ADD COLUMN "aiSignal" TEXT;

ALTER TABLE "ai_sessions" ADD COLUMN "trigger" TEXT NOT NULL DEFAULT 'manual',
ADD COLUMN "durationMs" INTEGER,
ADD COLUMN "steps" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "ai_proposals" ADD COLUMN "expiresAt" TIMESTAMP(3);

CREATE INDEX "ai_proposals_status_expiresAt_idx" ON "ai_proposals"("status", "expiresAt");
