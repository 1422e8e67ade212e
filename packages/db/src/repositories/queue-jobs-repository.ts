/**
 * Failed pg-boss jobs for the operator's redrive. pg-boss keeps failed jobs for its retention
 * window; these reads only pick their ids, the state change goes through pg-boss itself.
 */
import type { SqlExecutor } from '../sql';

export async function findFailedQueueJobIds(
  sql: SqlExecutor,
  options: { schema: string; queue: string; since: Date | null; limit: number },
): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid pg-boss schema name "${options.schema}"`);
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM ${options.schema}.job
      WHERE name = $1 AND state = 'failed' AND ($2::timestamptz IS NULL OR completed_on >= $2::timestamptz)
      ORDER BY completed_on
      LIMIT $3`,
    [options.queue, options.since?.toISOString() ?? null, options.limit],
  );
  return rows.map((row) => row.id);
}
