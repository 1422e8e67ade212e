import { ensureRunPartitions, listRunPartitions, uuidv7 } from '@cronwise/db';
import { makeEndpoint, makeJob, makeRun, makeUser } from '@cronwise/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, ManualClock, startEngineHarness } from '../testing';
import { pruneHistory } from './prune-history';

const clock = new ManualClock(new Date('2026-12-01T00:00:00.000Z'));
let harness: EngineHarness;

beforeAll(async () => {
  harness = await startEngineHarness({ clock });
});
afterAll(async () => {
  await harness.close();
});

async function endpointOn(tier: 'free' | 'pro') {
  const user = await makeUser(harness.deps.db, { tier });
  const job = await makeJob(harness.deps.db, user.id);
  return makeEndpoint(harness.deps.db, job);
}

describe('pruning history', () => {
  it('keeps each plan’s retention window: 7 days on free, 30 days on pro', async () => {
    const free = await endpointOn('free');
    const pro = await endpointOn('pro');
    const tenDaysAgo = new Date('2026-11-21T00:00:00.000Z');
    const freeOld = await makeRun(harness.deps.db, free, { createdAt: tenDaysAgo });
    const freeRecent = await makeRun(harness.deps.db, free, { createdAt: new Date('2026-11-28T00:00:00.000Z') });
    const proOld = await makeRun(harness.deps.db, pro, { createdAt: tenDaysAgo });
    const proAncient = await makeRun(harness.deps.db, pro, { createdAt: new Date('2026-10-01T00:00:00.000Z') });
    await harness.deps.db.session.create({
      data: { id: 'expired-session-hash', userId: free.userId, expiresAt: new Date('2026-11-30T00:00:00.000Z') },
    });
    const link = (tokenHash: string, expiresAt: string) => ({
      userId: free.userId,
      purpose: 'reset-password',
      tokenHash,
      email: 'someone@example.com',
      expiresAt: new Date(expiresAt),
    });
    await harness.deps.db.accountToken.createMany({
      data: [
        link('expired-two-days-ago', '2026-11-29T00:00:00.000Z'),
        link('expired-an-hour-ago', '2026-11-30T23:00:00.000Z'),
        link('still-valid', '2026-12-01T01:00:00.000Z'),
      ],
    });

    const report = await pruneHistory(harness.deps);

    const remaining = new Set((await harness.deps.db.run.findMany({ select: { id: true } })).map((run) => run.id));
    expect(remaining.has(freeOld.id)).toBe(false);
    expect(remaining.has(freeRecent.id)).toBe(true);
    expect(remaining.has(proOld.id)).toBe(true);
    expect(remaining.has(proAncient.id)).toBe(false);
    expect(report.runs).toBe(2);
    expect(report.sessions).toBe(1);
    expect(report.accountTokens).toBe(1);
    const links = await harness.deps.db.accountToken.findMany({ where: { userId: free.userId } });
    expect(links.map((token) => token.tokenHash).sort()).toEqual(['expired-an-hour-ago', 'still-valid']);
  });

  it('holds a downgraded owner’s runs until the grace period after the downgrade ends', async () => {
    const downgraded = await endpointOn('free');
    const old = await makeRun(harness.deps.db, downgraded, { createdAt: new Date('2026-11-10T00:00:00.000Z') });
    await harness.deps.db.user.update({
      where: { id: downgraded.userId },
      data: { retentionHoldUntil: new Date('2026-12-05T00:00:00.000Z') },
    });

    await pruneHistory(harness.deps);
    expect(await harness.deps.db.run.count({ where: { id: old.id } })).toBe(1);

    clock.set(new Date('2026-12-05T00:00:01.000Z'));
    await pruneHistory(harness.deps);
    expect(await harness.deps.db.run.count({ where: { id: old.id } })).toBe(0);
  });

  it('keeps health rollups as long as the health windows read them: five-minute buckets a day, hourly ones 8 days', async () => {
    clock.set(new Date('2026-12-01T00:00:00.000Z'));
    const endpoint = await endpointOn('pro');
    for (const plannedAt of ['2026-11-30T12:00:00.000Z', '2026-11-29T00:00:00.000Z', '2026-11-20T00:00:00.000Z']) {
      await makeRun(harness.deps.db, endpoint, { plannedAt: new Date(plannedAt), durationMs: 10 });
    }
    const bucketsLeft = async () =>
      (
        await harness.deps.sql.query<{ bucketSeconds: number; bucketStart: Date }>(
          `SELECT "bucketSeconds", "bucketStart" FROM run_rollups WHERE "endpointId" = $1
            ORDER BY "bucketSeconds", "bucketStart"`,
          [endpoint.id],
        )
      ).rows.map((row) => `${row.bucketSeconds} ${row.bucketStart.toISOString()}`);
    expect(await bucketsLeft()).toHaveLength(6);

    const report = await pruneHistory(harness.deps);

    expect(await bucketsLeft()).toEqual([
      '300 2026-11-30T12:00:00.000Z',
      '3600 2026-11-29T00:00:00.000Z',
      '3600 2026-11-30T12:00:00.000Z',
    ]);
    expect(report.runRollups).toBeGreaterThanOrEqual(3);
  });

  it('creates run partitions ahead and drops whole months past the longest retention any plan has', async () => {
    // Far from the real date, so the migration's own partitions (around today) are all older.
    clock.set(new Date('2040-06-15T00:00:00.000Z'));
    await ensureRunPartitions(harness.deps.sql, new Date('2040-01-01T00:00:00.000Z'), 3);
    const endpoint = await endpointOn('pro');
    const january = `occ_${uuidv7(Date.parse('2040-01-10T00:00:00.000Z')).replaceAll('-', '')}`;
    const april = `occ_${uuidv7(Date.parse('2040-04-10T00:00:00.000Z')).replaceAll('-', '')}`;
    const old = await makeRun(harness.deps.db, endpoint, {
      occurrenceId: january,
      plannedAt: new Date('2040-01-10T00:00:00.000Z'),
      createdAt: new Date('2040-01-10T00:00:01.000Z'),
    });
    const recent = await makeRun(harness.deps.db, endpoint, {
      occurrenceId: april,
      plannedAt: new Date('2040-04-10T00:00:00.000Z'),
      // Within pro's 30 days.
      createdAt: new Date('2040-06-01T00:00:00.000Z'),
    });

    const report = await pruneHistory(harness.deps);

    // This month and the next two are made. Every month that ended before 90 days ago (the
    // longest retention of any plan) held only runs every plan lets go, so it went whole.
    expect(report.runPartitionsCreated).toEqual(['runs_2040_06', 'runs_2040_07', 'runs_2040_08']);
    expect(report.runPartitionsDropped).toEqual(expect.arrayContaining(['runs_2040_01', 'runs_2040_02']));
    expect(report.runPartitionsDropped).not.toContain('runs_2040_03');
    expect(await harness.deps.db.run.count({ where: { id: old.id } })).toBe(0);
    expect(await harness.deps.db.run.count({ where: { id: recent.id } })).toBe(1);
    const partitions = (await listRunPartitions(harness.deps.sql)).map((partition) => partition.name);
    expect(partitions).toEqual([
      'runs_2040_03',
      'runs_2040_04',
      'runs_2040_06',
      'runs_2040_07',
      'runs_2040_08',
      'runs_default',
    ]);
    expect((await pruneHistory(harness.deps)).runPartitionsCreated).toEqual([]);
  });
});
