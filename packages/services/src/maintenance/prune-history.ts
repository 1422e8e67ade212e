import {
  deleteAiSessionsPastRetention,
  deleteExpiredAccountTokens,
  deleteExpiredSessions,
  deleteRateLimitBucketsBefore,
  deleteRunRollupsBefore,
  deleteRunsPastRetention,
  dropRunPartitionsBefore,
  ensureRunPartitions,
} from '@cronwise/db';
import { COARSE_ROLLUP_BUCKET_MS, FINE_ROLLUP_BUCKET_MS, TIERS } from '@cronwise/domain';
import type { EngineDependencies } from '../engine/contract';

const PRUNE_BATCH_SIZE = 5_000;
const DAY_MS = 86_400_000;
/** Rate-limit windows are at most minutes long; a day-old bucket is dead weight. */
const RATE_LIMIT_BUCKET_MAX_AGE_MS = DAY_MS;
/** A confirmation or reset link a day past its expiry: kept that long so its page can still say "expired". */
const ACCOUNT_TOKEN_GRACE_MS = DAY_MS;
/**
 * Health rollups are kept as long as the health windows read them, whatever the plan: the
 * five-minute buckets serve windows up to six hours (a day is kept), the hourly ones the 7-day
 * window (eight days are kept). They hold counts, never run contents.
 */
const ROLLUP_MAX_AGE_MS = [
  { bucketSeconds: FINE_ROLLUP_BUCKET_MS / 1000, maxAgeMs: DAY_MS },
  { bucketSeconds: COARSE_ROLLUP_BUCKET_MS / 1000, maxAgeMs: 8 * DAY_MS },
] as const;

/** Monthly run partitions kept ready beyond the current month. */
export const RUN_PARTITIONS_AHEAD = 2;

export interface PruneReport {
  /** Runs deleted row by row (batches), beside those that went with a dropped partition. */
  runs: number;
  /** Monthly run partitions created ahead, and dropped whole. */
  runPartitionsCreated: string[];
  runPartitionsDropped: string[];
  aiSessions: number;
  sessions: number;
  accountTokens: number;
  rateLimitBuckets: number;
  runRollups: number;
}

/**
 * Creates the run partitions for this month and the next RUN_PARTITIONS_AHEAD, where missing
 * (idempotent, any number of workers at once). Runs at worker start and in every retention pass.
 */
export function ensureRunPartitionsAhead(deps: Pick<EngineDependencies, 'sql' | 'clock'>): Promise<string[]> {
  return ensureRunPartitions(deps.sql, deps.clock.now(), RUN_PARTITIONS_AHEAD);
}

/**
 * Retention per plan: runs and AI sessions older than the owner's tier keeps
 * them, health rollups older than the health windows need, expired login
 * sessions, account links a day past their expiry and stale rate-limit buckets. After a downgrade
 * the owner's history is held until `retentionHoldUntil` (the grace period), so
 * a shorter retention never bites the moment a plan ends. Run history goes by
 * whole monthly partitions where every plan allows it, otherwise in bounded
 * batches, so the run table stays small and fast without long locks.
 */
export async function pruneHistory(deps: EngineDependencies): Promise<PruneReport> {
  const now = deps.clock.now();
  const report: PruneReport = {
    runs: 0,
    runPartitionsCreated: await ensureRunPartitionsAhead(deps),
    runPartitionsDropped: [],
    aiSessions: 0,
    sessions: 0,
    accountTokens: 0,
    rateLimitBuckets: 0,
    runRollups: 0,
  };
  // Whole months first: a month past the longest retention any plan has holds only runs that
  // every plan lets go (unless a late run or an owner's hold says otherwise, see
  // dropRunPartitionsBefore); dropping it costs the same whatever it holds. The rest, row by row.
  const longestRetentionDays = Math.max(...TIERS.map((tier) => deps.tierLimits[tier].runRetentionDays));
  const { dropped } = await dropRunPartitionsBefore(deps.sql, {
    cutoff: new Date(now.getTime() - longestRetentionDays * DAY_MS),
    now,
  });
  report.runPartitionsDropped = dropped;
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
  report.accountTokens = await deleteExpiredAccountTokens(deps.db, new Date(now.getTime() - ACCOUNT_TOKEN_GRACE_MS));
  report.rateLimitBuckets = await deleteRateLimitBucketsBefore(
    deps.db,
    new Date(now.getTime() - RATE_LIMIT_BUCKET_MAX_AGE_MS),
  );
  return report;
}
