import { afterAll, describe, expect, it } from 'vitest';
import { HINT_COLUMNS } from '../endpoint-columns';
import { createSqlPool } from '../sql';
import { connectTestDatabase, makeEndpoint, makeJob, makeUser, testDatabaseUrl } from '../testing';
import { insertAlerts } from './alerts-repository';
import { EXECUTION_TARGET_COLUMNS, incrementRunUsage, loadExecutionTargets } from './engine-repository';

const db = connectTestDatabase();
const pool = createSqlPool({ url: testDatabaseUrl(), poolSize: 6 });
afterAll(async () => {
  await pool.end();
});

describe('run usage ledger', () => {
  it('counts every run of concurrent batches that touch the same owners in opposite orders', async () => {
    const first = await makeUser(db);
    const second = await makeUser(db);
    const month = '2026-12';
    const rounds = 25;
    for (let round = 0; round < rounds; round += 1) {
      await Promise.all([
        incrementRunUsage(pool, [
          { userId: first.id, month, runs: 1 },
          { userId: second.id, month, runs: 2 },
        ]),
        incrementRunUsage(pool, [
          { userId: second.id, month, runs: 2 },
          { userId: first.id, month, runs: 1 },
        ]),
        incrementRunUsage(pool, [
          { userId: second.id, month, runs: 1 },
          { userId: first.id, month, runs: 1 },
        ]),
      ]);
    }
    const totals = await incrementRunUsage(pool, [
      { userId: first.id, month, runs: 0 },
      { userId: second.id, month, runs: 0 },
    ]);
    expect(totals.get(`${first.id}|${month}`)).toBe(3 * rounds);
    expect(totals.get(`${second.id}|${month}`)).toBe(5 * rounds);
  });

  it('locks owners in one global order whatever order a batch lists them in, so batches cannot deadlock', async () => {
    const sent: unknown[][] = [];
    const recording = {
      query: async (text: string, values?: unknown[]) => {
        sent.push(values ?? []);
        return pool.query(text, values);
      },
    } as typeof pool;
    const [low, high] = [await makeUser(db), await makeUser(db)].sort((a, b) => a.id.localeCompare(b.id));
    if (!low || !high) throw new Error('two users expected');
    await incrementRunUsage(recording, [
      { userId: high.id, month: '2026-12', runs: 1 },
      { userId: low.id, month: '2026-12', runs: 1 },
      { userId: low.id, month: '2026-11', runs: 1 },
    ]);
    expect(sent[0]?.[0]).toEqual([low.id, low.id, high.id]);
    expect(sent[0]?.[1]).toEqual(['2026-11', '2026-12', '2026-12']);
  });
});

describe("the engine's explicit column lists", () => {
  it('name columns that exist in the migrated endpoints table (a renamed column fails here)', async () => {
    const { rows } = await pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'endpoints'`,
    );
    const columns = new Set(rows.map((row) => row.column_name));
    const named = [...EXECUTION_TARGET_COLUMNS, ...Object.values(HINT_COLUMNS).flat()];
    expect(named.filter((column) => !columns.has(column))).toEqual([]);
  });

  it('load each execution target with exactly the listed columns plus tier and job status', async () => {
    const user = await makeUser(db, { tier: 'pro' });
    const job = await makeJob(db, user.id);
    const endpoint = await makeEndpoint(db, job, { timeoutMs: 4_000 });
    const [target] = await loadExecutionTargets(pool, [endpoint.id]);
    expect(Object.keys(target ?? {}).sort()).toEqual(
      [...EXECUTION_TARGET_COLUMNS, 'tier', 'jobStatus', 'isAlertWatched'].sort(),
    );
    expect(target).toMatchObject({ id: endpoint.id, timeoutMs: 4_000, tier: 'pro', jobStatus: 'active' });
  });

  it('mark a target watched by alerting when it or its job has a policy, or it has an open incident', async () => {
    const user = await makeUser(db);
    const plainJob = await makeJob(db, user.id);
    const watchedJob = await makeJob(db, user.id);
    await db.job.update({ where: { id: watchedJob.id }, data: { alertPolicy: { channelIds: [] } } });
    const unwatched = await makeEndpoint(db, plainJob);
    const withPolicy = await makeEndpoint(db, plainJob);
    await db.endpoint.update({ where: { id: withPolicy.id }, data: { alertPolicy: { channelIds: [] } } });
    const inWatchedJob = await makeEndpoint(db, watchedJob);
    const withIncident = await makeEndpoint(db, plainJob);
    const resolvedOnly = await makeEndpoint(db, plainJob);
    const incident = (endpointId: string, openKey: string | null) => ({
      userId: user.id,
      jobId: plainJob.id,
      endpointId,
      kind: 'failing' as const,
      message: 'failing',
      openKey,
      resolvedAt: openKey ? null : new Date(),
      details: {},
      createdAt: new Date(),
      channels: [],
    });
    await insertAlerts(db, [incident(withIncident.id, `${withIncident.id}:failing`), incident(resolvedOnly.id, null)]);

    const targets = await loadExecutionTargets(pool, [
      unwatched.id,
      withPolicy.id,
      inWatchedJob.id,
      withIncident.id,
      resolvedOnly.id,
    ]);
    const watched = new Map(targets.map((target) => [target.id, target.isAlertWatched]));
    expect(Object.fromEntries(watched)).toEqual({
      [unwatched.id]: false,
      [withPolicy.id]: true,
      [inWatchedJob.id]: true,
      [withIncident.id]: true,
      [resolvedOnly.id]: false,
    });
  });
});
