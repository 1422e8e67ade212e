import type { SqlExecutor } from '../sql';
import { listRunPartitions } from './run-partitions-repository';

/**
 * Retention: deletes up to `batchSize` runs of users on `tier` created before
 * `before`, oldest first per owner, through the runs(userId, createdAt) index. Callers
 * loop until it returns less than a batch, so no statement holds locks long.
 *
 * `runs` is partitioned (run-partitions-repository): the delete goes partition by
 * partition and by row address (ctid, a TID scan), because a join back to `runs` by id
 * let the planner hash-join against a scan of every partition — a cost that grows with
 * the table, not with what is deleted. Here it grows with the runs deleted and the
 * number of months kept.
 */
export async function deleteRunsPastRetention(
  sql: SqlExecutor,
  options: { tier: string; before: Date; batchSize: number; now: Date },
): Promise<number> {
  let deleted = 0;
  for (const partition of await listRunPartitions(sql)) {
    if (deleted >= options.batchSize) break;
    const table = `"${partition.name.replaceAll('"', '""')}"`;
    // A recent downgrade holds the owner's history (retentionHoldUntil) until its grace period ends.
    const { rowCount } = await sql.query(
      `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(
         SELECT r.ctid FROM users u
           JOIN LATERAL (SELECT ctid FROM ${table} WHERE "userId" = u.id AND "createdAt" < $2::timestamptz
                          ORDER BY "createdAt" LIMIT $3) r ON true
          WHERE u.tier = $1::"Tier"
            AND (u."retentionHoldUntil" IS NULL OR u."retentionHoldUntil" <= $4::timestamptz)
          LIMIT $3))`,
      [options.tier, options.before.toISOString(), options.batchSize - deleted, options.now.toISOString()],
    );
    deleted += rowCount ?? 0;
  }
  return deleted;
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
