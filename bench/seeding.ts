/** Bulk seeding: users, jobs and endpoints with their first occurrences, run history, raw pg-boss jobs. */
import { type OccurrenceJob, QUEUE, scheduledOccurrenceJob } from '@cronwise/jobs';
import { OCCURRENCE_HORIZON_MS } from '@cronwise/services';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { log } from './harness/log';

export interface EndpointSeed {
  endpoints: number;
  intervalMs: number;
  /** Endpoints are spread over this many users (each with one job). */
  users: number;
  /** First occurrences spread uniformly over [startAt, startAt + spreadMs). */
  spreadMs: number;
  startAt: Date;
  targetUrl: string;
}

const INSERT_CHUNK = 5_000;

/** The first scheduled occurrence of a seeded endpoint, as the engine plans one for an interval schedule. */
function firstOccurrence(endpoint: { id: string; occurrenceId: string; plannedAt: Date }): OccurrenceJob {
  return scheduledOccurrenceJob({
    endpointId: endpoint.id,
    occurrenceId: endpoint.occurrenceId,
    scheduleVersion: 1,
    plannedAt: endpoint.plannedAt,
    anchorAt: endpoint.plannedAt,
    source: 'baseline-interval',
    explanation: 'benchmark',
    consumesOneShot: null,
  });
}

function secondsSince(startedMs: number): string {
  return ((Date.now() - startedMs) / 1000).toFixed(1);
}

/**
 * Users, jobs and endpoints by set-based SQL, then their first occurrences where the engine keeps
 * them: occurrences due within the horizon go into the queue, later ones wait on their endpoint row
 * (`pendingOccurrence`) for the workers' horizon pass. AI analysis is off: the planner has its own
 * scenarios.
 */
export async function seedEndpoints(client: pg.Client, boss: PgBoss, seed: EndpointSeed): Promise<void> {
  const started = Date.now();
  await client.query(
    `INSERT INTO users (id, email, name, tier, "updatedAt")
     SELECT gen_random_uuid(), 'bench-' || i || '@example.test', 'Bench ' || i, 'enterprise', now()
       FROM generate_series(1, $1) AS i`,
    [seed.users],
  );
  await client.query(
    `INSERT INTO jobs (id, "userId", name, "updatedAt") SELECT gen_random_uuid(), id, 'bench', now() FROM users`,
  );
  await client.query(
    `WITH numbered_jobs AS (
       SELECT id, "userId", (row_number() OVER (ORDER BY id) - 1)::int AS n FROM jobs)
     INSERT INTO endpoints (id, "jobId", "userId", name, url, "scheduleType", "intervalMs", "catchUpPolicy", "aiMode",
                            "nextRunAt", "nextRunSource", "currentOccurrenceId", "scheduleVersion", "updatedAt")
     SELECT gen_random_uuid(), j.id, j."userId", 'endpoint ' || i, $1, 'interval', $2, 'skip', 'off',
            planned, 'baseline-interval',
            ${timedOccurrenceIdSql('planned', "'bench-' || i")}, 1, now()
       FROM (SELECT i, $3::timestamptz + ((i::bigint * $4::bigint / $5) || ' milliseconds')::interval AS planned
               FROM generate_series(0, $5 - 1) AS i) AS s
       JOIN numbered_jobs j ON j.n = i % $6`,
    [seed.targetUrl, seed.intervalMs, seed.startAt.toISOString(), seed.spreadMs, seed.endpoints, seed.users],
  );
  log(`seeded ${seed.endpoints} endpoints in ${secondsSince(started)} s; placing their first occurrences`);

  // The payload comes from the engine's factory; SQL fills in each endpoint's own fields.
  const template = firstOccurrence({ id: '', occurrenceId: '', plannedAt: seed.startAt }).data;
  const { rowCount: waiting } = await client.query(
    `UPDATE endpoints SET "pendingOccurrence" = $1::jsonb || jsonb_build_object(
        'endpointId', id, 'occurrenceId', "currentOccurrenceId",
        'plannedAt', to_char("nextRunAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'anchorAt', to_char("nextRunAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      WHERE "nextRunAt" >= $2::timestamptz`,
    [JSON.stringify(template), new Date(Date.now() + OCCURRENCE_HORIZON_MS).toISOString()],
  );
  log(`${waiting ?? 0} occurrences wait on their rows beyond the ${OCCURRENCE_HORIZON_MS / 60_000} min horizon`);

  let after = { nextRunAt: '-infinity', id: '00000000-0000-0000-0000-000000000000' };
  for (;;) {
    const { rows } = await client.query<{ id: string; nextRunAt: Date; currentOccurrenceId: string }>(
      `SELECT id, "nextRunAt", "currentOccurrenceId" FROM endpoints
        WHERE ("nextRunAt", id) > ($1::timestamptz, $2::uuid) AND "pendingOccurrence" IS NULL
        ORDER BY "nextRunAt", id LIMIT $3`,
      [after.nextRunAt, after.id, INSERT_CHUNK],
    );
    const last = rows.at(-1);
    if (!last) break;
    after = { nextRunAt: new Date(last.nextRunAt).toISOString(), id: last.id };
    await boss.insert(
      QUEUE.executeOccurrence,
      // The factory's placement: claimable OCCURRENCE_CLAIM_LEAD_MS before plannedAt, as the engine queues them.
      rows.map((row) =>
        firstOccurrence({ id: row.id, occurrenceId: row.currentOccurrenceId, plannedAt: new Date(row.nextRunAt) }),
      ),
    );
  }
  await client.query('ANALYZE');
  log(`seeding done in ${secondsSince(started)} s`);
  if (Date.now() > seed.startAt.getTime()) {
    log(
      `warning: seeding ended ${secondsSince(seed.startAt.getTime())} s after the first planned run; the window opens on a backlog`,
    );
  }
}

/**
 * SQL for an occurrence id as the engine mints them (`occ_` + a UUIDv7 without dashes): the
 * occurrence's time in the first 48 bits, which is the month partition its runs land in
 * (`runs_occurrence_at`). `unique` is any per-occurrence expression, hashed into the random part.
 */
export function timedOccurrenceIdSql(at: string, unique: string): string {
  return `('occ_' || lpad(to_hex((extract(epoch FROM ${at}) * 1000)::bigint), 12, '0') || '7' || substr(md5((${unique})::text), 1, 19))`;
}

/** The month partitions of `runs` from `since` to two months ahead, as the maintenance job keeps them. */
export async function ensureRunPartitionsSince(sql: pg.ClientBase | pg.Pool, since: Date): Promise<void> {
  await sql.query(
    `SELECT runs_ensure_partition(month)
       FROM generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE 'UTC'),
                            date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months',
                            interval '1 month') AS month`,
    [since.toISOString()],
  );
}

/**
 * `count` finished runs, one a second back from now, on the seeded endpoints (at most 50 of them),
 * with this month's usage ledger to match, as an account with a long history would have. They are
 * planned before any measured window, so they never count as the window's runs.
 */
export async function seedHistoryRuns(client: pg.Client, count: number): Promise<void> {
  const started = Date.now();
  await ensureRunPartitionsSince(client, new Date(Date.now() - count * 1000));
  await client.query(
    `INSERT INTO runs (id, "endpointId", "jobId", "userId", "occurrenceId", attempt, "occurrenceAt", "plannedAt",
                       "startedAt", "finishedAt", status, "statusCode", "durationMs", "latenessMs", source, explanation,
                       "createdAt")
     SELECT gen_random_uuid(), e.id, e."jobId", e."userId", h.occurrence_id, 1, runs_occurrence_at(h.occurrence_id),
            h.at, h.at, h.at, 'success', 200, 12, 40, 'baseline-interval', 'seeded history',
            now() - (h.i % 86400 || ' seconds')::interval
       FROM (SELECT i, at, ${timedOccurrenceIdSql('at', "'history-' || i")} AS occurrence_id
               FROM (SELECT i, now() - make_interval(secs => i) AS at FROM generate_series(1, $1) AS i) AS s) AS h
       JOIN (SELECT id, "jobId", "userId", (row_number() OVER (ORDER BY id) - 1)::int AS n
               FROM endpoints ORDER BY id LIMIT 50) e
         ON e.n = h.i % LEAST(50, (SELECT count(*) FROM endpoints))`,
    [count],
  );
  await client.query(
    `INSERT INTO usage_ledger ("userId", month, runs, "updatedAt")
     SELECT "userId", to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), count(*), now() FROM runs GROUP BY "userId"
     ON CONFLICT ("userId", month) DO UPDATE SET runs = EXCLUDED.runs`,
  );
  await client.query('ANALYZE runs');
  log(`recorded ${count} historical runs in ${secondsSince(started)} s`);
}

/** No-op jobs due at `ratePerSecond` from `startAt` for `durationMs`: a demand-limited raw pg-boss run. */
export async function scheduleNoopJobs(
  boss: PgBoss,
  queue: string,
  plan: { ratePerSecond: number; startAt: Date; durationMs: number },
): Promise<number> {
  const total = Math.round((plan.ratePerSecond * plan.durationMs) / 1000);
  for (let offset = 0; offset < total; offset += INSERT_CHUNK) {
    const jobs = Array.from({ length: Math.min(INSERT_CHUNK, total - offset) }, (_, index) => ({
      data: { n: offset + index },
      startAfter: new Date(plan.startAt.getTime() + Math.floor(((offset + index) * 1000) / plan.ratePerSecond)),
    }));
    await boss.insert(queue, jobs);
  }
  return total;
}

/** `count` no-op jobs all due now: a backlog far larger than the workers can drain in the window. */
export async function preloadNoopJobs(boss: PgBoss, queue: string, count: number): Promise<void> {
  const started = Date.now();
  for (let offset = 0; offset < count; offset += INSERT_CHUNK) {
    const jobs = Array.from({ length: Math.min(INSERT_CHUNK, count - offset) }, (_, index) => ({
      data: { n: offset + index },
    }));
    await boss.insert(queue, jobs);
  }
  log(`preloaded ${count} raw jobs in ${secondsSince(started)} s`);
}
