import {
  deleteAiSessionsPastRetention,
  deleteExpiredSessions,
  deleteRateLimitBucketsBefore,
  deleteRunsPastRetention,
} from '@cronwise/db';
import { TIERS } from '@cronwise/domain';
import type { EngineDependencies } from '../engine/contract';

const PRUNE_BATCH_SIZE = 5_000;
const DAY_MS = 86_400_000;
/** Rate-limit windows are at most minutes long; a day-old bucket is dead weight. */
const RATE_LIMIT_BUCKET_MAX_AGE_MS = DAY_MS;

export interface PruneReport {
  runs: number;
  aiSessions: number;
  sessions: number;
  rateLimitBuckets: number;
}

/**
 * Retention per plan: runs and AI sessions older than the owner's tier keeps
 * them, expired login sessions and stale rate-limit buckets. After a downgrade
 * the owner's history is held until `retentionHoldUntil` (the grace period), so
 * a shorter retention never bites the moment a plan ends. Deletes in bounded
 * batches so the run table stays small and fast without long locks.
 */
export async function pruneHistory(deps: EngineDependencies): Promise<PruneReport> {
  const now = deps.clock.now();
  const report: PruneReport = { runs: 0, aiSessions: 0, sessions: 0, rateLimitBuckets: 0 };
  for (const tier of TIERS) {
    const before = new Date(now.getTime() - deps.tierLimits[tier].runRetentionDays * DAY_MS);
    for (;;) {
      const deleted = await deleteRunsPastRetention(deps.sql, { tier, before, batchSize: PRUNE_BATCH_SIZE, now });
      report.runs += deleted;
      if (deleted < PRUNE_BATCH_SIZE) break;
    }
    for (;;) {
      const deleted = await deleteAiSessionsPastRetention(deps.sql, {
        tier,
        before,
        batchSize: PRUNE_BATCH_SIZE,
        now,
      });
      report.aiSessions += deleted;
      if (deleted < PRUNE_BATCH_SIZE) break;
    }
  }
  report.sessions = await deleteExpiredSessions(deps.db, now);
  report.rateLimitBuckets = await deleteRateLimitBucketsBefore(
    deps.db,
    new Date(now.getTime() - RATE_LIMIT_BUCKET_MAX_AGE_MS),
  );
  return report;
}
