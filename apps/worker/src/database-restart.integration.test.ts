import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, withTransaction } from '@cronwise/db';
import {
  applyMigrations,
  databaseUrlFor,
  ensureDatabaseExists,
  REPOSITORY_ROOT,
  type RunningPostgres,
  startEmbeddedPostgres,
} from '@cronwise/db/migrate';
import { makeEndpoint, makeJob, makeUser } from '@cronwise/db/testing';
import { findFreePort } from '@cronwise/db/testing-server';
import { DEFAULT_TIER_LIMITS } from '@cronwise/domain';
import { createBoss, ensureQueues } from '@cronwise/jobs';
import {
  closeEngineDependencies,
  createEngineDependencies,
  type EngineDependencies,
  rescheduleEndpoint,
  systemClock,
} from '@cronwise/services';
import { TargetServer, TEST_ENCRYPTION_SECRET } from '@cronwise/services/testing';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';

// This file runs its own PostgreSQL (it restarts it), not the shared test server.
let postgres: RunningPostgres;
let port: number;
let dataDir: string;
let databaseUrl: string;
let target: TargetServer;
let worker: ChildProcess | null = null;
let boss: PgBoss;
let deps: EngineDependencies;

beforeAll(async () => {
  port = await findFreePort();
  dataDir = path.join(tmpdir(), `cronwise-restart-${process.pid}-${port}`);
  // Persistent, so stopping it for the restart keeps the data; removed in afterAll.
  postgres = await startEmbeddedPostgres({ dataDir, port, isPersistent: true });
  databaseUrl = databaseUrlFor(postgres.serverUrl, 'cronwise');
  await ensureDatabaseExists(databaseUrl);
  await applyMigrations(databaseUrl);
  target = await TargetServer.start();
  boss = createBoss({ databaseUrl, poolSize: 2 });
  boss.on('error', () => {});
  await boss.start();
  await ensureQueues(boss);
  deps = createEngineDependencies({
    databaseUrl,
    db: createDatabase({ url: databaseUrl, poolSize: 2 }),
    boss,
    clock: systemClock,
    tierLimits: structuredClone(DEFAULT_TIER_LIMITS) as EngineDependencies['tierLimits'],
    targetAllowlist: '127.0.0.1/32',
    encryptionSecret: TEST_ENCRYPTION_SECRET,
    sqlPoolSize: 2,
  });
}, 120_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker?.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await boss.stop({ graceful: false, timeout: 2_000 }).catch(() => {});
  await closeEngineDependencies(deps).catch(() => {});
  await deps.db.$disconnect().catch(() => {});
  await target.close();
  await postgres.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}.log`, { force: true });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

it('keeps running occurrences after PostgreSQL restarts under the worker', async () => {
  worker = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'apps/worker/src/main.ts')], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TARGET_ALLOWLIST: '127.0.0.1/32',
      ENCRYPTION_SECRET: TEST_ENCRYPTION_SECRET,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the worker's log: when recovery fails, it says why.
  let workerLog = '';
  worker.stdout?.on('data', (chunk: Buffer) => {
    workerLog += chunk.toString();
  });
  worker.stderr?.on('data', (chunk: Buffer) => {
    workerLog += chunk.toString();
  });
  onTestFailed(async () => {
    console.error(`worker log (last 6000 characters):\n${workerLog.slice(-6000)}`);
    const jobs = await deps.sql
      .query(
        `SELECT state::text, retry_count, start_after, started_on, heartbeat_on, data->>'occurrenceId' AS occurrence
           FROM pgboss.job WHERE name = 'execute-occurrence' ORDER BY created_on DESC LIMIT 10`,
      )
      .catch((error: Error) => ({ rows: [error.message] }));
    console.error('occurrence jobs:', JSON.stringify(jobs.rows, null, 1));
  });
  const user = await makeUser(deps.db, { tier: 'enterprise' });
  const job = await makeJob(deps.db, user.id);
  const endpoint = await makeEndpoint(deps.db, job, { url: target.url('/restart'), intervalMs: 1_000 });
  await withTransaction(deps.db, (tx) => rescheduleEndpoint(deps, tx, endpoint.id));
  await target.waitForRequests(2, 40_000);

  // Hold the next request open, cut the database while that run is in flight, then answer:
  // the worker cannot record the run, and must recover once the database is back.
  let releaseHeld: () => void = () => {};
  const databaseDown = new Promise<void>((resolve) => {
    releaseHeld = resolve;
  });
  let heldOccurrence: string | undefined;
  target.handler = async (request, response) => {
    if (heldOccurrence === undefined) {
      heldOccurrence = request.headers['idempotency-key'] as string;
      await databaseDown;
    }
    response.end('ok');
  };
  await waitFor(async () => heldOccurrence !== undefined, 20_000, 'a run in flight');
  await postgres.stop();
  const restartedAt = Date.now();
  releaseHeld();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  postgres = await startEmbeddedPostgres({ dataDir, port, isPersistent: true });

  // Usually seconds. If the restart cut a run mid-flight, recovery may take the heartbeat
  // timeout or, at worst, one reconcile pass (every minute), so allow for both.
  await waitFor(
    async () => target.requests.filter((request) => request.receivedAt > restartedAt).length >= 3,
    150_000,
    'three requests after the restart',
  );
  expect(worker.exitCode).toBeNull();
  await waitFor(
    async () =>
      (await deps.db.run.count({ where: { endpointId: endpoint.id, createdAt: { gt: new Date(restartedAt) } } })) >= 2,
    20_000,
    'runs recorded after the restart',
  );
}, 240_000);
