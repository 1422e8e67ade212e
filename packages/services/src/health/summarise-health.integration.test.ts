import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BACKFILL_RUN_ROLLUPS_SQL, type HealthScope, rebuildRunRollups } from '@cronwise/db';
import { makeEndpoint, makeJob, makeRun, makeUser } from '@cronwise/db/testing';
import { binUpperBoundMs, computeHealth, histogramBin, type RunRecord, type RunStatus } from '@cronwise/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, ManualClock, startEngineHarness } from '../testing';
import { HEALTH_WINDOWS, summariseHealth } from './summarise-health';

// Off the bucket grid on purpose, so every window starts inside a bucket.
const NOW = new Date('2026-12-01T10:02:17.345Z');
const clock = new ManualClock(NOW);
let harness: EngineHarness;
let scopes: { name: string; scope: HealthScope }[];

/** A fixed pseudo-random sequence, so the data set is the same on every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const STATUSES: RunStatus[] = [
  'success',
  'success',
  'success',
  'failure',
  'timeout',
  'skipped',
  'quota_exceeded',
  'canceled',
];

beforeAll(async () => {
  harness = await startEngineHarness({ clock });
  const db = harness.deps.db;
  const user = await makeUser(db);
  const firstJob = await makeJob(db, user.id);
  const secondJob = await makeJob(db, user.id);
  const endpoints = [
    await makeEndpoint(db, firstJob),
    await makeEndpoint(db, firstJob),
    await makeEndpoint(db, secondJob),
  ];
  // Another owner's runs must never leak into these scopes.
  const stranger = await makeUser(db);
  const strangerEndpoint = await makeEndpoint(db, await makeJob(db, stranger.id));
  await makeRun(db, strangerEndpoint, { plannedAt: new Date(NOW.getTime() - 60_000), durationMs: 5 });

  const random = sequence(42);
  for (let index = 0; index < 420; index += 1) {
    const endpoint = endpoints[index % endpoints.length] as (typeof endpoints)[number];
    // A dense last two hours, most runs in the last day, the rest over the week and a little beyond.
    const band = random();
    const ageMs = (band < 0.2 ? 2 * 3_600_000 : band < 0.65 ? 86_400_000 : 8 * 86_400_000) * random();
    const plannedAt = new Date(NOW.getTime() - ageMs);
    const status = STATUSES[Math.floor(random() * STATUSES.length)] as RunStatus;
    const isExecuted = status === 'success' || status === 'failure' || status === 'timeout';
    const durationMs = isExecuted ? Math.floor(random() ** 3 * 40_000) : null;
    const latenessMs = status === 'quota_exceeded' ? null : Math.floor(random() ** 4 * 5_000) - 20;
    const occurrenceId = `occ-health-${index}`;
    if (isExecuted && index % 7 === 0) {
      // A failed first attempt, retried 90 s later: only the retry's outcome counts.
      await makeRun(db, endpoint, {
        occurrenceId,
        attempt: 1,
        plannedAt,
        status: 'failure',
        durationMs: 35_000,
        latenessMs: 3,
      });
      await makeRun(db, endpoint, {
        occurrenceId,
        attempt: 2,
        plannedAt: new Date(Math.min(plannedAt.getTime() + 90_000, NOW.getTime())),
        status,
        durationMs,
        latenessMs,
        source: 'retry',
      });
      continue;
    }
    await makeRun(db, endpoint, { occurrenceId, plannedAt, status, durationMs, latenessMs });
  }
  const [first] = endpoints as [(typeof endpoints)[number]];
  scopes = [
    { name: 'an endpoint', scope: { userId: user.id, endpointId: first.id } },
    { name: 'a job', scope: { userId: user.id, jobId: firstJob.id } },
    { name: 'an account', scope: { userId: user.id } },
  ];
});
afterAll(async () => {
  await harness.close();
});

/** The exact answer: the final attempt of each occurrence planned in [from, now], from the runs table. */
async function exactRecords(scope: HealthScope, from: Date): Promise<RunRecord[]> {
  const runs = await harness.deps.db.run.findMany({
    where: {
      userId: scope.userId,
      ...(scope.endpointId ? { endpointId: scope.endpointId } : {}),
      ...(scope.jobId ? { jobId: scope.jobId } : {}),
      plannedAt: { gte: from, lte: NOW },
    },
    orderBy: [{ occurrenceId: 'asc' }, { attempt: 'desc' }],
    select: { occurrenceId: true, status: true, plannedAt: true, durationMs: true, latenessMs: true },
  });
  const finals = new Map<string, RunRecord>();
  for (const run of runs) {
    if (run.status === 'running' || finals.has(run.occurrenceId)) continue;
    finals.set(run.occurrenceId, run as RunRecord);
  }
  return [...finals.values()];
}

function expectWithinOneBin(reported: number | null, exact: number | null) {
  if (exact === null) {
    expect(reported).toBeNull();
    return;
  }
  expect(reported).not.toBeNull();
  expect(reported as number).toBeGreaterThanOrEqual(exact);
  expect(reported as number).toBeLessThanOrEqual(binUpperBoundMs(histogramBin(exact)) ?? Number.MAX_SAFE_INTEGER);
}

describe('health from rollups', () => {
  it('agrees with an exact computation over the raw runs, within bucket and bin resolution', async () => {
    for (const { name, scope } of scopes) {
      const health = await summariseHealth(harness.deps, scope);
      for (const [index, { durationMs, bucketMs }] of HEALTH_WINDOWS.entries()) {
        // The rollups count whole buckets: the window starts at its start rounded down to the bucket.
        const from = new Date(Math.floor((NOW.getTime() - durationMs) / bucketMs) * bucketMs);
        const records = await exactRecords(scope, from);
        const exact = computeHealth(records, { now: NOW, windowMs: NOW.getTime() - from.getTime() + 1 });
        const window = health.windows[index];
        if (!window) throw new Error(`no window ${index} for ${name}`);
        expect(exact.count, `${name}, ${window.window}: the data set must exercise the window`).toBeGreaterThan(5);
        expect({ scope: name, window: window.window, runs: window.runs, ...window.countsByStatus }).toEqual({
          scope: name,
          window: window.window,
          runs: exact.count,
          success: exact.countsByStatus.success,
          failure: exact.countsByStatus.failure,
          timeout: exact.countsByStatus.timeout,
          skipped: exact.countsByStatus.skipped,
          quotaExceeded: exact.countsByStatus.quota_exceeded,
          canceled: exact.countsByStatus.canceled,
        });
        expect(window.successRate).toBe(exact.successRate);
        expectWithinOneBin(window.durationP50Ms, exact.durationP50Ms);
        expectWithinOneBin(window.durationP95Ms, exact.durationP95Ms);
        expectWithinOneBin(window.latenessP99Ms, exact.latenessP99Ms);
      }
    }
  });

  it('never counts runs planned before the bucket holding the window’s start', async () => {
    const [{ scope }] = scopes as [(typeof scopes)[number]];
    const health = await summariseHealth(harness.deps, scope);
    const week = health.windows[2];
    const all = await exactRecords(scope, new Date(0));
    expect(week?.runs).toBeLessThan(all.length);
  });
});

describe('rebuilding the rollups from the runs (the migration’s backfill)', () => {
  it('reproduces what recording the runs one by one maintained', async () => {
    const snapshot = async () =>
      (
        await harness.deps.sql.query(
          `SELECT "endpointId", "bucketSeconds", "bucketStart", success, failure, timeout, skipped,
                  "quotaExceeded", canceled, "durationHistogram", "latenessHistogram"
             FROM run_rollups
            WHERE success + failure + timeout + skipped + "quotaExceeded" + canceled > 0
            ORDER BY "endpointId", "bucketSeconds", "bucketStart"`,
        )
      ).rows;
    const maintained = await snapshot();
    expect(maintained.length).toBeGreaterThan(100);

    await rebuildRunRollups(harness.deps.sql);

    expect(await snapshot()).toEqual(maintained);
  });

  it('is the SQL the migration runs', async () => {
    const migration = await readFile(
      path.join(import.meta.dirname, '../../../../prisma/migrations/20261202164500_run_rollups/migration.sql'),
      'utf8',
    );
    expect(migration).toContain(BACKFILL_RUN_ROLLUPS_SQL);
  });
});
