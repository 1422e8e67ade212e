/**
 * The `runs-api` scenario's measurement: what a dashboard polls, on one endpoint with a large run history.
 * Seeds `runs` in bulk (spread over the last 8 days, mixed outcomes, a retry every 25th
 * occurrence), builds the health rollups the way the migration's backfill does, then times the
 * services behind `GET /endpoints/{id}/health`, `GET /jobs/{id}/health`, `GET /overview` and
 * `GET /endpoints/{id}/runs` (first page and a page half-way down). In-process calls through the
 * same services the HTTP routes use: what is measured is the database work, not Fastify.
 */
import { performance } from 'node:perf_hooks';
import {
  createDatabase,
  createSqlPool,
  deleteRunsPastRetention,
  encodeRunCursor,
  rebuildRunRollups,
  type SqlPool,
} from '@cronwise/db';
import { makeEndpoint, makeJob, makeUser } from '@cronwise/db/testing';
import { type Actor, getEndpointHealth, getJobHealth, getOverview, listRuns, systemClock } from '@cronwise/services';
import { ensureRunPartitionsSince, timedOccurrenceIdSql } from '../seeding';

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

export interface RunsApiResult {
  scenario: 'runs-api';
  runs: number;
  seedSeconds: number;
  rollupBuildSeconds: number;
  samplesPerCall: number;
  latencyMs: Record<'endpointHealth' | 'jobHealth' | 'overview' | 'runsFirstPage' | 'runsDeepPage', LatencySummary>;
  retention: RetentionResult;
}

/** The retention pass's row-by-row path, deleting the same number of expired runs at every depth. */
export interface RetentionResult {
  deletedRuns: number;
  batches: number;
  totalMs: number;
  batchMs: LatencySummary;
}

/** Runs past retention deleted at every depth, in the retention pass's batch size. */
const RETENTION_DELETED_RUNS = 50_000;
const RETENTION_BATCH_SIZE = 5_000;

/**
 * Times deleteRunsPastRetention (what pruneHistory runs per plan) removing the oldest
 * RETENTION_DELETED_RUNS runs: the same work at 1M and at 10M runs, so equal times mean the cost
 * follows what expires, not the table's size. Runs last, since it deletes.
 */
async function measureRetention(sql: SqlPool, log: (message: string) => void): Promise<RetentionResult> {
  const { rows } = await sql.query<{ createdAt: Date }>(
    `SELECT "createdAt" FROM runs ORDER BY "createdAt" OFFSET $1 LIMIT 1`,
    [RETENTION_DELETED_RUNS],
  );
  const before = rows[0]?.createdAt ?? new Date();
  const durations: number[] = [];
  let deletedRuns = 0;
  for (;;) {
    const started = performance.now();
    const deleted = await deleteRunsPastRetention(sql, {
      tier: 'enterprise',
      before,
      batchSize: RETENTION_BATCH_SIZE,
      now: new Date(),
    });
    durations.push(performance.now() - started);
    deletedRuns += deleted;
    if (deleted < RETENTION_BATCH_SIZE) break;
  }
  const totalMs = Math.round(durations.reduce((sum, ms) => sum + ms, 0));
  log(`runs-api: retention deleted ${deletedRuns} runs in ${durations.length} batches, ${totalMs} ms`);
  return { deletedRuns, batches: durations.length, totalMs, batchMs: summarise(durations) };
}

const WARM_UP_CALLS = 5;
const DAY_SECONDS = 86_400;

function summarise(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (percentile: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1))] ?? Number.NaN;
  const round = (value: number) => Math.round(value * 10) / 10;
  return { p50: round(at(50)), p99: round(at(99)), max: round(sorted[sorted.length - 1] ?? Number.NaN) };
}

async function time(samples: number, call: () => Promise<unknown>): Promise<LatencySummary> {
  for (let index = 0; index < WARM_UP_CALLS; index += 1) await call();
  const durations: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const started = performance.now();
    await call();
    durations.push(performance.now() - started);
  }
  return summarise(durations);
}

/** Runs the scenario on a freshly migrated, empty database at `databaseUrl`. */
export async function runRunsApiScenario(
  databaseUrl: string,
  options: { runs: number; samples?: number; log?: (message: string) => void },
): Promise<RunsApiResult> {
  const log = options.log ?? (() => {});
  const samples = options.samples ?? 200;
  const db = createDatabase({ url: databaseUrl, poolSize: 4 });
  const sql = createSqlPool({ url: databaseUrl, poolSize: 2, applicationName: 'cronwise-bench-runs-api' });
  try {
    const user = await makeUser(db, { tier: 'enterprise' });
    const job = await makeJob(db, user.id);
    const endpoint = await makeEndpoint(db, job);

    const seedStarted = performance.now();
    // Occurrence i is planned i × step seconds ago; every 25th failed once and succeeded on retry.
    const stepSeconds = (8 * DAY_SECONDS) / options.runs;
    await ensureRunPartitionsSince(sql, new Date(Date.now() - 8 * DAY_SECONDS * 1000));
    // Both attempts of an occurrence share its id, which carries its planned time (the partition key).
    await sql.query(
      `INSERT INTO runs (id, "endpointId", "jobId", "userId", "occurrenceId", attempt, "occurrenceAt", "plannedAt",
                         "startedAt", "finishedAt", status, "statusCode", "durationMs", "latenessMs", source, explanation,
                         "createdAt")
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, occurrence_id,
              CASE WHEN i % 2 = 1 AND (i / 2) % 25 = 0 THEN 2 ELSE 1 END, runs_occurrence_at(occurrence_id), planned,
              planned, planned, status::"RunStatus", 200, duration, lateness, 'baseline-interval', '', planned
         FROM (
           SELECT i, planned, ${timedOccurrenceIdSql('planned', "'runs-api-' || (i / 2)")} AS occurrence_id,
                  CASE WHEN i % 2 = 0 AND (i / 2) % 25 <> 0 THEN NULL
                       WHEN i % 2 = 0 THEN 'failure'
                       WHEN (i / 2) % 50 = 7 THEN 'timeout'
                       WHEN (i / 2) % 20 = 3 THEN 'failure'
                       WHEN (i / 2) % 97 = 5 THEN 'skipped'
                       ELSE 'success' END AS status,
                  (20 + (i::bigint * 7919) % 900)::int AS duration, ((i::bigint * 104729) % 400)::int AS lateness
             FROM (SELECT i, now() - make_interval(secs => (i / 2) * $5::float8) AS planned
                     FROM generate_series(0, 2 * $4::int - 1) AS i) AS numbered
         ) seeded
        WHERE status IS NOT NULL`,
      [endpoint.id, job.id, user.id, options.runs, stepSeconds],
    );
    await sql.query('ANALYZE runs');
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const { rows } = await sql.query<{ count: string }>('SELECT count(*)::text AS count FROM runs');
    log(`runs-api: seeded ${rows[0]?.count} runs in ${seedSeconds.toFixed(1)} s`);

    const rollupStarted = performance.now();
    const buckets = await rebuildRunRollups(sql);
    await sql.query('ANALYZE run_rollups');
    const rollupBuildSeconds = (performance.now() - rollupStarted) / 1000;
    log(`runs-api: built ${buckets} rollup buckets in ${rollupBuildSeconds.toFixed(1)} s`);

    const actor: Actor = {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: 'user',
      tier: 'enterprise',
      isEmailVerified: true,
      credential: { kind: 'api-key', apiKeyId: 'bench', scopes: ['read'] },
    };
    const deps = { db, clock: systemClock };
    const middle = await db.run.findFirst({
      where: { endpointId: endpoint.id },
      orderBy: [{ plannedAt: 'desc' }, { id: 'desc' }],
      skip: Math.floor(options.runs / 2),
      select: { plannedAt: true, id: true },
    });
    const deepCursor = middle ? encodeRunCursor(middle) : undefined;

    const latencyMs = {
      endpointHealth: await time(samples, () => getEndpointHealth(deps, actor, endpoint.id)),
      jobHealth: await time(samples, () => getJobHealth(deps, actor, job.id)),
      overview: await time(samples, () => getOverview(deps, actor)),
      runsFirstPage: await time(samples, () => listRuns(deps, actor, endpoint.id, { limit: 50 })),
      runsDeepPage: await time(samples, () =>
        listRuns(deps, actor, endpoint.id, { limit: 50, ...(deepCursor ? { cursor: deepCursor } : {}) }),
      ),
    };
    const retention = await measureRetention(sql, log);
    return {
      scenario: 'runs-api',
      runs: options.runs,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      rollupBuildSeconds: Math.round(rollupBuildSeconds * 10) / 10,
      samplesPerCall: samples,
      latencyMs,
      retention,
    };
  } finally {
    await db.$disconnect();
    await sql.end();
  }
}

export function runsApiTable(result: RunsApiResult): string {
  const rows = Object.entries(result.latencyMs).map(
    ([call, latency]) => `| ${call} | ${latency.p50} | ${latency.p99} | ${latency.max} |`,
  );
  return [
    `runs-api: ${result.runs.toLocaleString('en-US')} occurrences on one endpoint (seeded in ${result.seedSeconds} s, rollups built in ${result.rollupBuildSeconds} s), ${result.samplesPerCall} calls each`,
    '| call | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|',
    ...rows,
    `retention: ${result.retention.deletedRuns.toLocaleString('en-US')} expired runs deleted in ${result.retention.batches} batches, ${result.retention.totalMs} ms (batch p50 ${result.retention.batchMs.p50}, max ${result.retention.batchMs.max} ms)`,
  ].join('\n');
}
