/** What the scenarios read back from the database: lateness, rows read, the queue's size. */
import { BOSS_SCHEMA } from '@cronwise/jobs';
import type pg from 'pg';

export interface LatenessSummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LatenessResult {
  count: number;
  lateness: LatenessSummary | null;
}

const PERCENTILES = `percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
  percentile_disc(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
  percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
  max(ms) AS max, count(*)::text AS n`;

async function summarise(client: pg.Client, sql: string, values: unknown[]): Promise<LatenessResult> {
  const { rows } = await client.query<{ p50: number; p95: number; p99: number; max: number; n: string }>(sql, values);
  const row = rows[0];
  const count = Number(row?.n ?? 0);
  if (!row || count === 0) return { count: 0, lateness: null };
  return {
    count,
    lateness: {
      p50: Math.round(row.p50),
      p95: Math.round(row.p95),
      p99: Math.round(row.p99),
      max: Math.round(row.max),
    },
  };
}

/**
 * Lateness of the engine's runs in [from, to): by planned time (a demand-limited scenario: every
 * occurrence due in the window) or by start (a saturated one: what was executed in the window).
 * Seeded history is planned before the window, so it never counts.
 */
export function runLateness(
  client: pg.Client,
  window: { from: Date; to: Date; by: 'plannedAt' | 'startedAt' },
): Promise<LatenessResult> {
  return summarise(
    client,
    `SELECT ${PERCENTILES}
       FROM (SELECT "latenessMs" AS ms FROM runs
              WHERE "${window.by}" >= $1 AND "${window.by}" < $2) AS t`,
    [window.from.toISOString(), window.to.toISOString()],
  );
}

/** Lateness of raw pg-boss jobs (start − startAfter) in [from, to), by due time or by start. */
export function rawJobLateness(
  client: pg.Client,
  queue: string,
  window: { from: Date; to: Date; by: 'start_after' | 'started_on' },
): Promise<LatenessResult> {
  return summarise(
    client,
    `SELECT ${PERCENTILES}
       FROM (SELECT extract(epoch FROM started_on - start_after) * 1000 AS ms FROM ${BOSS_SCHEMA}.job
              WHERE name = $1 AND started_on IS NOT NULL AND ${window.by} >= $2 AND ${window.by} < $3) AS t`,
    [queue, window.from.toISOString(), window.to.toISOString()],
  );
}

/** Raw pg-boss jobs completed in [from, to). */
export async function rawJobsCompleted(client: pg.Client, queue: string, from: Date, to: Date): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${BOSS_SCHEMA}.job
      WHERE name = $1 AND state = 'completed' AND completed_on >= $2 AND completed_on < $3`,
    [queue, from.toISOString(), to.toISOString()],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Jobs of `queue` due before `before` that are not finished yet (queued, retrying or running). */
export async function unfinishedJobs(client: pg.Client, queue: string, before: Date): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${BOSS_SCHEMA}.job
      WHERE name = $1 AND start_after < $2 AND state IN ('created', 'retry', 'active')`,
    [queue, before.toISOString()],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Table rows read (sequential plus index fetches) in this database so far, every table counted:
 * the engine's, the partitions of `runs` and pg-boss's. The statistics are per database, so other
 * users of the server do not show up here.
 */
export async function tableRowsRead(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ reads: string }>(
    `SELECT COALESCE(sum(seq_tup_read + COALESCE(idx_tup_fetch, 0)), 0)::text AS reads FROM pg_stat_user_tables`,
  );
  return Number(rows[0]?.reads ?? 0);
}

/** Rows in pg-boss's job table, all queues and states: what the queue statistics and maintenance scan. */
export async function jobTableRows(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${BOSS_SCHEMA}.job`);
  return Number(rows[0]?.n ?? 0);
}

/** Polls `check` until it returns true; the benchmark's alternative to sleeping a guessed time. */
export async function pollUntil(
  check: () => Promise<boolean>,
  options: { what: string; timeoutMs: number; intervalMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}

/** Waits until a wall-clock instant: the start of a measured window is a time, not a delay. */
export async function waitUntil(instant: Date): Promise<void> {
  const remainingMs = instant.getTime() - Date.now();
  if (remainingMs > 0) await new Promise((resolve) => setTimeout(resolve, remainingMs));
}

/** The measured window itself. */
export function measureFor(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
