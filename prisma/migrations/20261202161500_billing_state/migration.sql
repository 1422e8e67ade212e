-- AlterTable
ALTER TABLE "users" ADD COLUMN     "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "retentionHoldUntil" TIMESTAMP(3),
ADD COLUMN     "stripePriceId" TEXT;
