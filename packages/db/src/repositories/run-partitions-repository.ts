/**
 * The `runs` table is partitioned by month on `occurrenceAt` (migration
 * 20261202190038_partition_runs, ARCHITECTURE.md "Run history partitions"). This module knows
 * the key, creates partitions ahead and drops whole months that retention allows.
 */
import { type SqlExecutor, type SqlPool, withSqlTransaction } from '../sql';

/** `occ_` + a UUIDv7 without dashes (version nibble 7 at position 12), as newOccurrenceId mints them. */
const TIMED_OCCURRENCE_ID = /^occ_[0-9a-f]{12}7[0-9a-f]{19}$/;

/**
 * The partition key of a run: the time its occurrence id carries (the first 48 bits of the
 * UUIDv7: when the occurrence was planned, i.e. minted by newOccurrenceId), or 1970-01-01 (the
 * default partition) for an id without one. A function of the id alone, so every attempt of an occurrence has the same key. The SQL
 * function `runs_occurrence_at` computes the same value, and a CHECK constraint holds every row to it.
 */
export function occurrenceTimeOf(occurrenceId: string): Date {
  if (!TIMED_OCCURRENCE_ID.test(occurrenceId)) return new Date(0);
  return new Date(Number.parseInt(occurrenceId.slice(4, 16), 16));
}

export interface RunPartition {
  name: string;
  /** null for the default partition. */
  from: Date | null;
  to: Date | null;
}

function startOfMonthUtc(at: Date, monthsAhead = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + monthsAhead, 1));
}

/**
 * Creates the partitions for the month of `now` and the `monthsAhead` months after it, where
 * missing. Idempotent and safe from several workers at once (the SQL function takes an advisory
 * lock). Returns the names created.
 */
export async function ensureRunPartitions(sql: SqlExecutor, now: Date, monthsAhead = 2): Promise<string[]> {
  const months = Array.from({ length: monthsAhead + 1 }, (_, ahead) => startOfMonthUtc(now, ahead));
  const { rows } = await sql.query<{ month: Date; created: boolean }>(
    `SELECT month, runs_ensure_partition(month) AS created
       FROM unnest($1::timestamp[]) AS month ORDER BY month`,
    [months.map((month) => month.toISOString())],
  );
  return rows.filter((row) => row.created).map((row) => partitionName(row.month));
}

function partitionName(month: Date): string {
  return `runs_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

const BOUND = /FROM \('([^']+)'\) TO \('([^']+)'\)/;

/** The partitions of `runs` with their ranges, oldest first, the default partition last. */
export async function listRunPartitions(sql: SqlExecutor): Promise<RunPartition[]> {
  const { rows } = await sql.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'public.runs'::regclass`,
  );
  const partitions = rows.map((row) => {
    const match = BOUND.exec(row.bound);
    return {
      name: row.name,
      from: match?.[1] ? new Date(`${match[1].replace(' ', 'T')}Z`) : null,
      to: match?.[2] ? new Date(`${match[2].replace(' ', 'T')}Z`) : null,
    };
  });
  return partitions.sort(
    (a, b) => (a.from?.getTime() ?? Number.POSITIVE_INFINITY) - (b.from?.getTime() ?? Number.POSITIVE_INFINITY),
  );
}

/**
 * Why a partition whose month is past `cutoff` is still kept, or null when it may go: a run in
 * it was created after the cutoff (a late or long-deferred occurrence: the BRIN index on
 * createdAt answers), or belongs to an owner whose history is on hold after a downgrade.
 */
async function reasonToKeep(sql: SqlExecutor, name: string, cutoff: Date, now: Date): Promise<string | null> {
  const table = `"${name.replaceAll('"', '""')}"`;
  const { rows } = await sql.query<{ recent: boolean; held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${table} WHERE "createdAt" >= $1::timestamp) AS recent,
            EXISTS (SELECT 1 FROM users u
                     WHERE u."retentionHoldUntil" > $2::timestamp
                       AND EXISTS (SELECT 1 FROM ${table} r WHERE r."userId" = u.id)) AS held`,
    [cutoff.toISOString(), now.toISOString()],
  );
  if (rows[0]?.recent) return 'holds runs created after the cutoff';
  if (rows[0]?.held) return 'holds runs of an owner whose history is on hold';
  return null;
}

export interface DroppedPartitions {
  dropped: string[];
  /** Partitions past the cutoff kept for now, with the reason; batched deletes handle their rows. */
  kept: { name: string; reason: string }[];
}

/**
 * Detaches and drops every monthly partition whose whole month lies before `cutoff` (now minus
 * the longest retention any plan allows) and that holds no run created since the cutoff and no
 * run of an owner under a retention hold. The cost is a catalog change per month, whatever the
 * month holds. The check is repeated under the table lock, so a run inserted meanwhile keeps its
 * month. The default partition is never dropped.
 */
export async function dropRunPartitionsBefore(
  pool: SqlPool,
  options: { cutoff: Date; now: Date; lockTimeoutMs?: number },
): Promise<DroppedPartitions> {
  const result: DroppedPartitions = { dropped: [], kept: [] };
  for (const partition of await listRunPartitions(pool)) {
    if (!partition.to || partition.to.getTime() > options.cutoff.getTime()) continue;
    const before = await reasonToKeep(pool, partition.name, options.cutoff, options.now);
    if (before) {
      result.kept.push({ name: partition.name, reason: before });
      continue;
    }
    const table = `"${partition.name.replaceAll('"', '""')}"`;
    const reason = await withSqlTransaction(pool, async (client) => {
      // Fail fast rather than queue every reader of runs behind us; the next pass tries again.
      await client.query(`SET LOCAL lock_timeout = '${Math.round(options.lockTimeoutMs ?? 5_000)}ms'`);
      // Parent first, as inserts do, so no deadlock; then nothing can reach the month while we look.
      await client.query('LOCK TABLE runs IN ACCESS EXCLUSIVE MODE');
      const again = await reasonToKeep(client, partition.name, options.cutoff, options.now);
      if (again) return again;
      await client.query(`ALTER TABLE runs DETACH PARTITION ${table}`);
      await client.query(`DROP TABLE ${table}`);
      return null;
    });
    if (reason) result.kept.push({ name: partition.name, reason });
    else result.dropped.push(partition.name);
  }
  return result;
}
