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

export interface OccurrenceJobRow {
  id: string;
  state: string;
  singletonKey: string | null;
  startAfter: Date;
  createdOn: Date;
  retryCount: number;
  data: unknown;
}

/**
 * One endpoint's jobs on the occurrence queue that are still alive or failed recently: its
 * scheduled occurrence (singleton key = endpoint id) and any retry or run-now (other keys, same
 * endpoint in the payload). Reads the queue's own partition, which holds only the near horizon.
 */
export async function findOccurrenceJobsForEndpoint(
  sql: SqlExecutor,
  options: { schema: string; queue: string; endpointId: string; limit: number },
): Promise<OccurrenceJobRow[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid pg-boss schema name "${options.schema}"`);
  const { rows } = await sql.query<OccurrenceJobRow>(
    `SELECT id, state::text AS state, singleton_key AS "singletonKey", start_after AS "startAfter",
            created_on AS "createdOn", retry_count AS "retryCount", data
       FROM ${options.schema}.job
      WHERE name = $1 AND state IN ('created', 'retry', 'active', 'failed')
        AND (singleton_key = $2 OR data->>'endpointId' = $2)
      ORDER BY start_after DESC
      LIMIT $3`,
    [options.queue, options.endpointId, options.limit],
  );
  return rows;
}
