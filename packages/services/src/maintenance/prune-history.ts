import {
  deleteAiSessionsPastRetention,
  deleteExpiredSessions,
  deleteRateLimitBucketsBefore,
  deleteRunRollupsBefore,
  deleteRunsPastRetention,
} from '@cronwise/db';
import { COARSE_ROLLUP_BUCKET_MS, FINE_ROLLUP_BUCKET_MS, TIERS } from '@cronwise/domain';
import type { EngineDependencies } from '../engine/contract';

const PRUNE_BATCH_SIZE = 5_000;
const DAY_MS = 86_400_000;
/** Rate-limit windows are at most minutes long; a day-old bucket is dead weight. */
const RATE_LIMIT_BUCKET_MAX_AGE_MS = DAY_MS;
/**
 * Health rollups are kept as long as the health windows read them, whatever the plan: the
 * five-minute buckets serve windows up to six hours (a day is kept), the hourly ones the 7-day
 * window (eight days are kept). They hold counts, never run contents.
 */
const ROLLUP_MAX_AGE_MS = [
  { bucketSeconds: FINE_ROLLUP_BUCKET_MS / 1000, maxAgeMs: DAY_MS },
  { bucketSeconds: COARSE_ROLLUP_BUCKET_MS / 1000, maxAgeMs: 8 * DAY_MS },
] as const;

export interface PruneReport {
  runs: number;
  aiSessions: number;
  sessions: number;
  rateLimitBuckets: number;
  runRollups: number;
}

/**
 * Retention per plan: runs and AI sessions older than the owner's tier keeps
 * them, health rollups older than the health windows need, expired login
 * sessions and stale rate-limit buckets. After a downgrade
 * the owner's history is held until `retentionHoldUntil` (the grace period), so
 * a shorter retention never bites the moment a plan ends. Deletes in bounded
 * batches so the run table stays small and fast without long locks.
 */
export async function pruneHistory(deps: EngineDependencies): Promise<PruneReport> {
  const now = deps.clock.now();
  const report: PruneReport = { runs: 0, aiSessions: 0, sessions: 0, rateLimitBuckets: 0, runRollups: 0 };
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
  for (const { bucketSeconds, maxAgeMs } of ROLLUP_MAX_AGE_MS) {
    const before = new Date(now.getTime() - maxAgeMs);
    for (;;) {
      const deleted = await deleteRunRollupsBefore(deps.sql, { bucketSeconds, before, batchSize: PRUNE_BATCH_SIZE });
      report.runRollups += deleted;
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
