/**
 * `pnpm bench`: the execution engine under load, compared with raw pg-boss in the
 * same run on the same machine (these machines are noisy: read the ratios).
 *
 * Scenarios (sizes scale with BENCH_SCALE, default 1):
 *   1 throughput   2,000 endpoints at 1 s intervals for 60 s
 *   2 precision    50,000 endpoints at 60 s intervals, spread start times
 *   3 scale        1,000,000 endpoints on hourly schedules (seeded, spread over the hour), 5 min
 *   4 history      scenario 1 with 1,000,000 runs already recorded this month for the same accounts
 *   5 baseline     raw pg-boss: no-op send/work/complete with the same workers' settings
 *   6 schedules    schedule math, pure CPU: previews and plans of a sparse cron against a dense one
 *   7 runs-api     health, overview and run history of one endpoint with 1,000,000 runs (bench/runs-api.ts)
 *
 * Usage: pnpm bench [scenario names...]   e.g. `pnpm bench throughput baseline`
 *        pnpm bench scale --endpoints 400000 --seconds 120   (sizes of the scale scenario)
 * Env: BENCH_DATABASE_URL (server maintenance URL; else TEST_DATABASE_URL, else embedded),
 *      BENCH_SCALE, BENCH_WORKERS (2), BENCH_BATCH_SIZE (50), BENCH_POLLERS (4).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyMigrations, databaseUrlFor, REPOSITORY_ROOT, startEmbeddedPostgres } from '@cronwise/db/migrate';
import { findFreePort } from '@cronwise/db/testing-server';
import { createBoss, ensureQueues, QUEUE } from '@cronwise/jobs';
import { OCCURRENCE_HORIZON_MS } from '@cronwise/services';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { type RunsApiResult, runRunsApiScenario, runsApiTable } from './runs-api';
import { scheduleMathReport } from './schedule-math';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 50);
const POLLERS = Number(process.env.BENCH_POLLERS ?? 4);
const ENCRYPTION_SECRET = 'benchmark-encryption-secret-000000000000';
const CLOCK_TICKS_PER_SECOND = 100;

interface ScenarioResult {
  scenario: string;
  endpoints: number;
  durationSeconds: number;
  executions: number;
  executionsPerSecond: number;
  latenessMs: { p50: number; p99: number; max: number };
  /** The same after the first 10 s of the window (connection pools, JIT and the first burst warmed up). */
  steadyLatenessMs: { p50: number; p99: number; max: number } | null;
  /** Busy CPU of the whole machine in percent of one core (200 = both cores busy). */
  machineCpuPercent: number | null;
  queriesPerExecution: number | null;
  rowsReadPerExecution: number | null;
  cpuPercentPerWorker: number[];
  notes: string;
}

function log(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function latenessSummary(client: pg.Client, sql: string, values: unknown[]) {
  const { rows } = await client.query<{ p50: number; p99: number; max: number; n: string }>(sql, values);
  const row = rows[0];
  return {
    count: Number(row?.n ?? 0),
    lateness: {
      p50: Math.round(row?.p50 ?? Number.NaN),
      p99: Math.round(row?.p99 ?? Number.NaN),
      max: Math.round(row?.max ?? Number.NaN),
    },
  };
}

/**
 * Busy CPU ticks of the whole machine (all cores) from /proc/stat. Per-process
 * counters miss PostgreSQL backends that end during the window; the machine
 * total does not, and minus the workers it is the database's (and target's) share.
 */
function machineBusyTicks(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const fields = (cpu ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait
  return fields.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + (value || 0)), 0);
}

/** Lateness of the scenario's runs planned in [from, to), history excluded. */
function runLateness(client: pg.Client, from: Date, to: Date) {
  return latenessSummary(
    client,
    `SELECT count(*)::text AS n,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY "latenessMs") AS p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY "latenessMs") AS p99,
            max("latenessMs") AS max
       FROM runs WHERE "plannedAt" >= $1 AND "plannedAt" < $2 AND "occurrenceId" NOT LIKE 'occ_history_%'`,
    [from.toISOString(), to.toISOString()],
  );
}

function cpuTicks(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat (11 and 12 after the command).
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Worker processes running apps/worker, with their cumulative engine stats parsed from logs. */
class WorkerPool {
  readonly processes: ChildProcess[] = [];
  private readonly stats = new Map<number, { executions: number; statements: number; batches: number }>();

  async start(databaseUrl: string, count: number): Promise<void> {
    const ready = Array.from({ length: count }, () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'apps/worker/src/main.ts')],
        {
          cwd: REPOSITORY_ROOT,
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            TARGET_ALLOWLIST: '127.0.0.1/32',
            ENCRYPTION_SECRET,
            LOG_LEVEL: 'info',
            WORKER_BATCH_SIZE: String(BATCH_SIZE),
            WORKER_POLLERS: String(POLLERS),
            DATABASE_POOL_SIZE: String(POLLERS + 4),
            NODE_ENV: 'production',
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      this.processes.push(child);
      return new Promise<void>((resolve, reject) => {
        let buffer = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            if (line.includes('"worker ready"')) resolve();
            if (/"level":(50|60)/.test(line)) console.error(`[worker ${child.pid}] ${line.slice(0, 600)}`);
            if (line.includes('"engine stats"')) {
              const parsed = JSON.parse(line);
              this.stats.set(child.pid ?? 0, parsed);
            }
          }
        });
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
    });
    await Promise.all(ready);
  }

  totals() {
    let executions = 0;
    let statements = 0;
    let batches = 0;
    for (const stat of this.stats.values()) {
      executions += stat.executions;
      statements += stat.statements;
      batches += stat.batches;
    }
    return { executions, statements, batches };
  }

  cpu(): number[] {
    return this.processes.map((child) => cpuTicks(child.pid));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}

async function tableReads(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ reads: string }>(
    `SELECT COALESCE(sum(seq_tup_read + COALESCE(idx_tup_fetch, 0)), 0)::text AS reads
       FROM pg_stat_user_tables
      WHERE relname IN ('endpoints', 'runs', 'usage_ledger', 'job_common', 'signing_keys')`,
  );
  return Number(rows[0]?.reads ?? 0);
}

interface SeedOptions {
  endpoints: number;
  intervalMs: number;
  users: number;
  /** First runs spread uniformly over this window from `startAt`. */
  spreadMs: number;
  startAt: Date;
}

/** Seeds users, jobs, endpoints and their first occurrences directly (bulk SQL + pg-boss insert). */
async function seed(client: pg.Client, boss: PgBoss, options: SeedOptions, url: string): Promise<void> {
  const started = Date.now();
  await client.query(
    `INSERT INTO users (id, email, name, tier, "updatedAt")
     SELECT gen_random_uuid(), 'bench-' || i || '@example.test', 'Bench ' || i, 'enterprise', now()
       FROM generate_series(1, $1) AS i`,
    [options.users],
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
            $3::timestamptz + ((i::bigint * $4::bigint / $5) || ' milliseconds')::interval, 'baseline-interval',
            'occ_bench_' || i, 1, now()
       FROM generate_series(0, $5 - 1) AS i
       JOIN numbered_jobs j ON j.n = i % $6`,
    [url, options.intervalMs, options.startAt.toISOString(), options.spreadMs, options.endpoints, options.users],
  );
  // The engine alone: AI analysis is off (new endpoints default to suggest), as the planner has its own scenarios.
  log(`seeded ${options.endpoints} endpoints in ${((Date.now() - started) / 1000).toFixed(1)} s; queuing occurrences`);
  // As the engine does: occurrences beyond the horizon wait on their rows for the workers' horizon
  // pass; only the next few minutes go into the queue now.
  const { rowCount: waiting } = await client.query(
    `UPDATE endpoints SET "pendingOccurrence" = jsonb_build_object(
        'endpointId', id, 'occurrenceId', "currentOccurrenceId", 'kind', 'scheduled', 'attempt', 1,
        'scheduleVersion', 1,
        'plannedAt', to_char("nextRunAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'anchorAt', to_char("nextRunAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'source', 'baseline-interval', 'explanation', 'benchmark', 'consumesOneShot', null)
      WHERE "nextRunAt" >= $1::timestamptz`,
    [new Date(Date.now() + OCCURRENCE_HORIZON_MS).toISOString()],
  );
  log(`${waiting ?? 0} occurrences wait on their rows beyond the ${OCCURRENCE_HORIZON_MS / 60_000} min horizon`);
  const chunk = 5_000;
  let after: { nextRunAt: string; id: string } = { nextRunAt: '-infinity', id: '00000000-0000-0000-0000-000000000000' };
  for (;;) {
    const { rows } = await client.query<{ id: string; nextRunAt: Date; currentOccurrenceId: string }>(
      `SELECT id, "nextRunAt", "currentOccurrenceId" FROM endpoints
        WHERE ("nextRunAt", id) > ($1::timestamptz, $2::uuid) AND "pendingOccurrence" IS NULL
        ORDER BY "nextRunAt", id LIMIT $3`,
      [after.nextRunAt, after.id, chunk],
    );
    const last = rows.at(-1);
    if (!last) break;
    after = { nextRunAt: new Date(last.nextRunAt).toISOString(), id: last.id };
    await boss.insert(
      QUEUE.executeOccurrence,
      rows.map((row) => ({
        data: {
          endpointId: row.id,
          occurrenceId: row.currentOccurrenceId,
          kind: 'scheduled',
          attempt: 1,
          scheduleVersion: 1,
          plannedAt: new Date(row.nextRunAt).toISOString(),
          anchorAt: new Date(row.nextRunAt).toISOString(),
          source: 'baseline-interval',
          explanation: 'benchmark',
          consumesOneShot: null,
        },
        startAfter: row.nextRunAt,
        singletonKey: row.id,
      })),
    );
  }
  await client.query('ANALYZE');
  log(`seeding done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (Date.now() > options.startAt.getTime()) {
    log(
      `warning: seeding ended after the first planned run; the first ${((Date.now() - options.startAt.getTime()) / 1000).toFixed(0)} s start as a backlog`,
    );
  }
}

class Environment {
  serverUrl = '';
  private stopEmbedded: () => Promise<void> = async () => {};
  private template = '';
  target: ChildProcess | null = null;
  targetUrl = '';

  async start(): Promise<void> {
    const configured = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (configured) {
      this.serverUrl = configured;
    } else {
      const port = await findFreePort();
      const embedded = await startEmbeddedPostgres({
        dataDir: path.join(tmpdir(), `cronwise-bench-${process.pid}`),
        port,
        isPersistent: false,
      });
      this.serverUrl = embedded.serverUrl;
      this.stopEmbedded = () => embedded.stop();
    }
    this.template = `cronwise_bench_template_${process.pid}`;
    await this.admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${this.template} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${this.template}`);
    });
    await applyMigrations(databaseUrlFor(this.serverUrl, this.template));
    const bossSetup = createBoss({ databaseUrl: databaseUrlFor(this.serverUrl, this.template), poolSize: 2 });
    await bossSetup.start();
    await ensureQueues(bossSetup);
    await bossSetup.createQueue('bench-noop', { policy: 'standard', retentionSeconds: 3600 });
    await bossSetup.stop({ graceful: false });
    this.target = fork(path.join(REPOSITORY_ROOT, 'bench/target-server.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve) => {
      this.target?.stdout?.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).port));
    });
    this.targetUrl = `http://127.0.0.1:${port}/hook`;
  }

  async admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async freshDatabase(name: string): Promise<string> {
    await this.admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${this.template}`);
    });
    return databaseUrlFor(this.serverUrl, name);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }

  async stop(): Promise<void> {
    this.target?.kill('SIGTERM');
    await this.admin((client) => client.query(`DROP DATABASE IF EXISTS ${this.template} WITH (FORCE)`));
    await this.stopEmbedded();
  }
}

async function runEngineScenario(
  env: Environment,
  name: string,
  options: SeedOptions & { durationMs: number; historyRuns?: number },
): Promise<ScenarioResult> {
  const database = `cronwise_bench_${name}_${process.pid}`;
  const url = await env.freshDatabase(database);
  const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await client.connect();
  const boss = createBoss({ databaseUrl: url, poolSize: 4 });
  await boss.start();
  const workers = new WorkerPool();
  try {
    await seed(client, boss, options, env.targetUrl);
    if (options.historyRuns) {
      const started = Date.now();
      await client.query(
        `INSERT INTO runs (id, "endpointId", "jobId", "userId", "occurrenceId", attempt, "plannedAt", "startedAt",
                           "finishedAt", status, "statusCode", "durationMs", "latenessMs", source, explanation, "createdAt")
         SELECT gen_random_uuid(), e.id, e."jobId", e."userId", 'occ_history_' || i, 1,
                now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval,
                now() - (i || ' seconds')::interval, 'success', 200, 12, 40, 'baseline-interval', '',
                now() - (i % 86400 || ' seconds')::interval
           FROM generate_series(1, $1) AS i
           JOIN (SELECT id, "jobId", "userId", (row_number() OVER (ORDER BY id) - 1)::int AS n
                   FROM endpoints) e ON e.n = i % 50`,
        [options.historyRuns],
      );
      await client.query(
        `INSERT INTO usage_ledger ("userId", month, runs, "updatedAt")
         SELECT "userId", to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), count(*), now() FROM runs GROUP BY "userId"
         ON CONFLICT ("userId", month) DO UPDATE SET runs = EXCLUDED.runs`,
      );
      await client.query('ANALYZE runs');
      log(`recorded ${options.historyRuns} historical runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await workers.start(url, WORKERS);
    // The window opens when the first occurrences come due, so every scenario measures a full duration.
    const idleMs = options.startAt.getTime() - Date.now();
    if (idleMs > 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
    const windowStart = new Date();
    const readsBefore = await tableReads(client);
    const cpuBefore = workers.cpu();
    const machineBefore = machineBusyTicks();
    const statsBefore = workers.totals();
    log(`${name}: measuring for ${options.durationMs / 1000} s with ${WORKERS} workers`);
    await new Promise((resolve) => setTimeout(resolve, options.durationMs));
    const cpuAfter = workers.cpu();
    const machineAfter = machineBusyTicks();
    const windowEnd = new Date();
    // Let the last stats line arrive before reading the counters.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const statsAfter = workers.totals();
    const readsAfter = await tableReads(client);
    await workers.stop();
    const { count, lateness } = await runLateness(client, windowStart, windowEnd);
    const steady = await runLateness(client, new Date(windowStart.getTime() + 10_000), windowEnd);
    const executions = statsAfter.executions - statsBefore.executions;
    const seconds = (windowEnd.getTime() - windowStart.getTime()) / 1000;
    // Engine statements plus pg-boss's fetch and completion of each batch.
    const statements = statsAfter.statements - statsBefore.statements + 2 * (statsAfter.batches - statsBefore.batches);
    return {
      scenario: name,
      endpoints: options.endpoints,
      durationSeconds: Math.round(seconds),
      executions: count,
      executionsPerSecond: Math.round(count / seconds),
      latenessMs: lateness,
      steadyLatenessMs: steady.count > 0 ? steady.lateness : null,
      machineCpuPercent: Math.round((((machineAfter - machineBefore) / CLOCK_TICKS_PER_SECOND) * 100) / seconds),
      queriesPerExecution: executions > 0 ? Number((statements / executions).toFixed(3)) : null,
      rowsReadPerExecution: executions > 0 ? Math.round((readsAfter - readsBefore) / executions) : null,
      cpuPercentPerWorker: cpuAfter.map((ticks, index) =>
        Math.round((((ticks - (cpuBefore[index] ?? 0)) / CLOCK_TICKS_PER_SECOND) * 100) / seconds),
      ),
      notes: `demand ${Math.round((options.endpoints * 1000) / options.intervalMs)}/s`,
    };
  } finally {
    await workers.stop();
    await boss.stop({ graceful: false });
    await client.end();
    await env.dropDatabase(database);
  }
}

/** Raw pg-boss in the same harness: jobs due at the scenario-1 rate, no-op handler, same batch settings. */
async function runBaseline(env: Environment, durationMs: number, ratePerSecond: number): Promise<ScenarioResult> {
  const database = `cronwise_bench_baseline_${process.pid}`;
  const url = await env.freshDatabase(database);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const producer = createBoss({ databaseUrl: url, poolSize: 4 });
  await producer.start();
  const startAt = Date.now() + 15_000;
  const total = Math.round((ratePerSecond * durationMs) / 1000);
  for (let offset = 0; offset < total; offset += 5_000) {
    const jobs = Array.from({ length: Math.min(5_000, total - offset) }, (_, index) => ({
      data: { n: offset + index },
      startAfter: new Date(startAt + Math.floor(((offset + index) * 1000) / ratePerSecond)),
    }));
    await producer.insert('bench-noop', jobs);
  }
  await client.query('ANALYZE');
  const script = `
    import { PgBoss } from 'pg-boss';
    const boss = new PgBoss({ connectionString: process.env.URL, schema: 'pgboss', max: ${POLLERS + 4}, supervise: false, schedule: false });
    await boss.start();
    await boss.work('bench-noop', { batchSize: ${BATCH_SIZE}, localConcurrency: ${POLLERS}, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true }, async () => {});
    console.log('ready');
    process.on('SIGTERM', async () => { await boss.stop({ graceful: true }); process.exit(0); });
  `;
  const workers = Array.from({ length: WORKERS }, () =>
    spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.join(REPOSITORY_ROOT, 'packages/jobs'),
      env: { ...process.env, URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  await Promise.all(
    workers.map((worker) => new Promise<void>((resolve) => worker.stdout?.once('data', () => resolve()))),
  );
  const waitMs = startAt - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  const cpuBefore = workers.map((worker) => cpuTicks(worker.pid));
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const cpuAfter = workers.map((worker) => cpuTicks(worker.pid));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          worker.kill('SIGTERM');
        }),
    ),
  );
  const { count, lateness } = await latenessSummary(
    client,
    `SELECT count(*)::text AS n,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
            max(ms) AS max
       FROM (SELECT extract(epoch FROM started_on - start_after) * 1000 AS ms
               FROM pgboss.job WHERE name = 'bench-noop' AND started_on IS NOT NULL
                AND start_after < $1::timestamptz) AS t`,
    [new Date(startAt + durationMs).toISOString()],
  );
  await producer.stop({ graceful: false });
  await client.end();
  await env.dropDatabase(database);
  const seconds = durationMs / 1000;
  return {
    scenario: 'baseline (raw pg-boss)',
    endpoints: 0,
    durationSeconds: Math.round(seconds),
    executions: count,
    executionsPerSecond: Math.round(count / seconds),
    latenessMs: lateness,
    steadyLatenessMs: null,
    machineCpuPercent: null,
    queriesPerExecution: null,
    rowsReadPerExecution: null,
    cpuPercentPerWorker: cpuAfter.map((ticks, index) =>
      Math.round((((ticks - (cpuBefore[index] ?? 0)) / CLOCK_TICKS_PER_SECOND) * 100) / seconds),
    ),
    notes: `no-op handler, demand ${ratePerSecond}/s`,
  };
}

function markdownTable(results: ScenarioResult[]): string {
  const header =
    '| scenario | endpoints | exec/s | lateness p50 / p99 / max (ms) | steady p50 / p99 / max (ms) | queries per exec | rows read per exec | worker CPU % | machine CPU % (of 200) | notes |\n|---|---|---|---|---|---|---|---|---|---|';
  const rows = results.map(
    (result) =>
      `| ${result.scenario} | ${result.endpoints.toLocaleString('en-US')} | ${result.executionsPerSecond} | ${result.latenessMs.p50} / ${result.latenessMs.p99} / ${result.latenessMs.max} | ${result.steadyLatenessMs ? `${result.steadyLatenessMs.p50} / ${result.steadyLatenessMs.p99} / ${result.steadyLatenessMs.max}` : '–'} | ${result.queriesPerExecution ?? '–'} | ${result.rowsReadPerExecution ?? '–'} | ${result.cpuPercentPerWorker.join(', ')} | ${result.machineCpuPercent ?? '–'} | ${result.notes} |`,
  );
  return [header, ...rows].join('\n');
}

/** `pnpm bench scale --endpoints 400000 --seconds 120`: scenario names, and sizes for `scale`. */
function parseBenchArguments(args: string[]): { names: string[]; endpoints?: number; seconds?: number } {
  const names: string[] = [];
  const numbers: { endpoints?: number; seconds?: number } = {};
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--endpoints' || arg === '--seconds') {
      const value = Number(args[index + 1]);
      if (!Number.isInteger(value) || value <= 0) {
        throw new Error(
          `${arg} needs a positive whole number, e.g. ${arg} ${arg === '--endpoints' ? '400000' : '120'}`,
        );
      }
      numbers[arg === '--endpoints' ? 'endpoints' : 'seconds'] = value;
      index += 1;
    } else {
      names.push(arg);
    }
  }
  return { names, ...numbers };
}

async function main(): Promise<void> {
  const { names, endpoints: endpointsFlag, seconds: secondsFlag } = parseBenchArguments(process.argv.slice(2));
  const wanted = new Set(names);
  const runs = (name: string) => wanted.size === 0 || wanted.has(name);
  // Pure CPU, measured before the database and workers load the machine.
  const scheduleMath = runs('schedules') ? scheduleMathReport() : null;
  const env = new Environment();
  await env.start();
  const results: ScenarioResult[] = [];
  let runsApi: RunsApiResult | null = null;
  const inFuture = (ms: number) => new Date(Date.now() + ms);
  try {
    const throughputEndpoints = Math.round(2_000 * SCALE);
    if (runs('baseline')) results.push(await runBaseline(env, 60_000, throughputEndpoints));
    if (runs('throughput')) {
      results.push(
        await runEngineScenario(env, 'throughput', {
          endpoints: throughputEndpoints,
          intervalMs: 1_000,
          users: 2,
          spreadMs: 1_000,
          startAt: inFuture(30_000),
          durationMs: 60_000,
        }),
      );
    }
    if (runs('history')) {
      results.push(
        await runEngineScenario(env, 'history', {
          endpoints: throughputEndpoints,
          intervalMs: 1_000,
          users: 2,
          spreadMs: 1_000,
          startAt: inFuture(90_000),
          durationMs: 60_000,
          historyRuns: Math.round(1_000_000 * SCALE),
        }),
      );
    }
    if (runs('precision')) {
      results.push(
        await runEngineScenario(env, 'precision', {
          endpoints: Math.round(50_000 * SCALE),
          intervalMs: 60_000,
          users: 50,
          spreadMs: 60_000,
          startAt: inFuture(60_000),
          durationMs: 120_000,
        }),
      );
    }
    if (runs('runs-api')) {
      const database = `cronwise_bench_runs_api_${process.pid}`;
      const url = await env.freshDatabase(database);
      try {
        runsApi = await runRunsApiScenario(url, { runs: Math.round(1_000_000 * SCALE), log });
      } finally {
        await env.dropDatabase(database);
      }
    }
    if (runs('scale')) {
      const scaleEndpoints = endpointsFlag ?? Math.round(1_000_000 * SCALE);
      results.push(
        await runEngineScenario(env, 'scale', {
          endpoints: scaleEndpoints,
          intervalMs: 3_600_000,
          users: Math.min(1_000, Math.max(1, Math.round(scaleEndpoints / 1_000))),
          spreadMs: 3_600_000,
          // Seeding a million endpoints takes a few minutes on 2 cores.
          startAt: inFuture(Math.max(60_000, 0.2 * scaleEndpoints)),
          durationMs: secondsFlag ? secondsFlag * 1_000 : 300_000,
        }),
      );
    }
  } finally {
    await env.stop();
  }
  const byName = new Map(results.map((result) => [result.scenario, result]));
  const ratio = (a: string, b: string) => {
    const top = byName.get(a)?.executionsPerSecond;
    const bottom = byName.get(b)?.executionsPerSecond;
    return top && bottom ? Number((top / bottom).toFixed(3)) : null;
  };
  const ratios = {
    throughputVsBaseline: ratio('throughput', 'baseline (raw pg-boss)'),
    historyVsThroughput: ratio('history', 'throughput'),
  };
  const report = {
    at: new Date().toISOString(),
    settings: { scale: SCALE, workers: WORKERS, batchSize: BATCH_SIZE, pollers: POLLERS },
    results,
    ratios,
    scheduleMath,
    runsApi,
  };
  await mkdir(path.join(REPOSITORY_ROOT, 'bench/results'), { recursive: true });
  const file = path.join(REPOSITORY_ROOT, 'bench/results', `${report.at.replaceAll(':', '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(markdownTable(results));
  if (runsApi) console.log(`\n${runsApiTable(runsApi)}`);
  console.log(
    `\nratios: (1)/(5) throughput vs raw pg-boss = ${ratios.throughputVsBaseline ?? '–'}; (4)/(1) history vs empty = ${ratios.historyVsThroughput ?? '–'}`,
  );
  if (scheduleMath) {
    console.log(
      `schedules (median ms): preview of 50 runs sparse ${scheduleMath.previewSparseMs} vs dense ${scheduleMath.previewDenseMs} (×${scheduleMath.previewRatio}); plan after a miss sparse ${scheduleMath.planAfterMissSparseMs} vs dense ${scheduleMath.planAfterMissDenseMs} (×${scheduleMath.planRatio})`,
    );
  }
  console.log(`settings: ${JSON.stringify(report.settings)}; JSON: ${path.relative(REPOSITORY_ROOT, file)}`);
}

await main();
