import type { Executor } from '../transaction';

export interface RateLimitCount {
  count: number;
  windowStart: Date;
}

/**
 * Counts one hit in a fixed window, atomically, in a row every server process shares. A hit
 * from a later window restarts the count; a hit stamped with an older window (a process
 * whose clock lags) joins the current one instead of resetting it.
 */
export async function incrementRateLimitBucket(db: Executor, key: string, windowStart: Date): Promise<RateLimitCount> {
  const rows = await db.$queryRaw<RateLimitCount[]>`
    INSERT INTO rate_limit_buckets (key, "windowStart", count) VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_buckets."windowStart" >= EXCLUDED."windowStart"
                   THEN rate_limit_buckets.count + 1 ELSE 1 END,
      "windowStart" = GREATEST(rate_limit_buckets."windowStart", EXCLUDED."windowStart")
    RETURNING count, "windowStart"`;
  const row = rows[0];
  if (!row) throw new Error('rate limit upsert returned no row');
  return row;
}

/** Housekeeping: buckets whose window started before `before` no longer limit anything. */
export async function deleteRateLimitBucketsBefore(db: Executor, before: Date): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { windowStart: { lt: before } } });
  return count;
}
