import type { SqlExecutor } from '../sql';

/**
 * Retention: deletes up to `batchSize` runs of users on `tier` created before
 * `before`, oldest first, through the runs(userId, createdAt) index. Callers
 * loop until it returns less than a batch, so no statement holds locks long.
 */
export async function deleteRunsPastRetention(
  sql: SqlExecutor,
  options: { tier: string; before: Date; batchSize: number; now: Date },
): Promise<number> {
  // A recent downgrade holds the owner's history (retentionHoldUntil) until its grace period ends.
  const { rowCount } = await sql.query(
    `DELETE FROM runs WHERE id IN (
       SELECT r.id FROM users u
         JOIN LATERAL (SELECT id FROM runs WHERE "userId" = u.id AND "createdAt" < $2::timestamptz
                        ORDER BY "createdAt" LIMIT $3) r ON true
        WHERE u.tier = $1::"Tier"
          AND (u."retentionHoldUntil" IS NULL OR u."retentionHoldUntil" <= $4::timestamptz)
        LIMIT $3)`,
    [options.tier, options.before.toISOString(), options.batchSize, options.now.toISOString()],
  );
  return rowCount ?? 0;
}

/** AI sessions are kept as long as runs, by the same rule. */
export async function deleteAiSessionsPastRetention(
  sql: SqlExecutor,
  options: { tier: string; before: Date; batchSize: number; now: Date },
): Promise<number> {
  const { rowCount } = await sql.query(
    `DELETE FROM ai_sessions WHERE id IN (
       SELECT s.id FROM ai_sessions s JOIN users u ON u.id = s."userId"
        WHERE u.tier = $1::"Tier" AND s."startedAt" < $2::timestamptz
          AND (u."retentionHoldUntil" IS NULL OR u."retentionHoldUntil" <= $4::timestamptz)
        LIMIT $3)`,
    [options.tier, options.before.toISOString(), options.batchSize, options.now.toISOString()],
  );
  return rowCount ?? 0;
}
