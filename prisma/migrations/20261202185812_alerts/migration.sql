-- Alerts: notification channels per user, alert policies on jobs and endpoints (the job's is the
-- default for its endpoints), alerts (one open incident per endpoint and kind through openKey)
-- and their deliveries through the deliver-alert queue.

-- CreateEnum
CREATE TYPE "NotificationChannelKind" AS ENUM ('webhook', 'slack', 'email');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('failing', 'recovered', 'auto_paused', 'quota_exhausted', 'ai_paused');

-- CreateEnum
CREATE TYPE "AlertDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- AlterTable
ALTER TABLE "endpoints" ADD COLUMN     "alertPolicy" JSONB;

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "alertPolicy" JSONB;

-- CreateTable
CREATE TABLE "notification_channels" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "NotificationChannelKind" NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "signingKeyId" TEXT,
    "secretEncrypted" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "message" TEXT NOT NULL,
    "openKey" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" UUID NOT NULL,
    "alertId" UUID NOT NULL,
    "channelId" UUID,
    "channelKind" "NotificationChannelKind" NOT NULL,
    "channelName" TEXT NOT NULL,
    "status" "AlertDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "statusCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_channels_userId_createdAt_idx" ON "notification_channels"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_openKey_key" ON "alerts"("openKey");

-- CreateIndex
CREATE INDEX "alerts_userId_createdAt_id_idx" ON "alerts"("userId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alerts_endpointId_createdAt_id_idx" ON "alerts"("endpointId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alert_deliveries_alertId_idx" ON "alert_deliveries"("alertId");

-- CreateIndex
CREATE INDEX "alert_deliveries_channelId_idx" ON "alert_deliveries"("channelId");

-- AddForeignKey
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "notification_channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;

