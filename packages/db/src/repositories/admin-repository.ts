/**
 * Reads and writes for operator tools (the admin CLI): whole-installation views that ordinary,
 * tenant-scoped repositories deliberately do not offer.
 */
import type { SqlExecutor } from '../sql';
import type { Executor } from '../transaction';
import { type ApiKeyRecord, apiKeySelect } from './api-keys-repository';

export function countUsers(db: Executor): Promise<number> {
  return db.user.count();
}

/** Any user's key by id, revoked or not: operators revoke keys without knowing the owner. */
export function findApiKeyById(db: Executor, id: string): Promise<ApiKeyRecord | null> {
  return db.apiKey.findUnique({ where: { id }, select: apiKeySelect });
}

export interface QueueJobCounts {
  queue: string;
  /** Waiting and due now (created or retry, start time reached). */
  queued: number;
  /** Waiting for a later start time. */
  deferred: number;
  active: number;
  /** Failed jobs still retained by pg-boss (a rolling window, not an all-time total). */
  failed: number;
  /** The start time of the longest-waiting due job; null when nothing is due. */
  oldestDueAt: Date | null;
}

/** Live job counts per pg-boss queue (every queue, also the empty ones), counted at `now`. */
export async function countQueueJobs(
  sql: SqlExecutor,
  options: { schema: string; now: Date },
): Promise<QueueJobCounts[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid pg-boss schema name "${options.schema}"`);
  // Before the first worker start pg-boss has not created its tables: no queues yet.
  const { rows: installed } = await sql.query<{ table: string | null }>(`SELECT to_regclass($1)::text AS "table"`, [
    `${options.schema}.queue`,
  ]);
  if (!installed[0]?.table) return [];
  const { rows } = await sql.query<{
    queue: string;
    queued: string;
    deferred: string;
    active: string;
    failed: string;
    oldestDueAt: Date | null;
  }>(
    `SELECT q.name AS queue,
            count(j.id) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= $1::timestamptz) AS queued,
            count(j.id) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after > $1::timestamptz) AS deferred,
            count(j.id) FILTER (WHERE j.state = 'active') AS active,
            count(j.id) FILTER (WHERE j.state = 'failed') AS failed,
            min(j.start_after) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= $1::timestamptz)
              AS "oldestDueAt"
       FROM ${options.schema}.queue q
       LEFT JOIN ${options.schema}.job j ON j.name = q.name
      GROUP BY q.name
      ORDER BY q.name`,
    [options.now.toISOString()],
  );
  return rows.map((row) => ({
    queue: row.queue,
    queued: Number(row.queued),
    deferred: Number(row.deferred),
    active: Number(row.active),
    failed: Number(row.failed),
    oldestDueAt: row.oldestDueAt,
  }));
}
