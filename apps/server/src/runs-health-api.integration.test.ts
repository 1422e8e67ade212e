import { makeRun } from '@cronwise/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  intervalEndpoint,
  makeAccount,
  rest,
  startApiHarness,
  type TestAccount,
} from './testing/api-harness';

let harness: ApiHarness;
let account: TestAccount;
let jobId: string;
let endpointId: string;
const NOW = new Date('2026-12-01T10:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

beforeAll(async () => {
  harness = await startApiHarness({ start: NOW });
  account = await makeAccount(harness);
  jobId = (await rest(harness, 'POST', '/jobs', { key: account.key, body: { name: 'Observed' } })).body.id;
  endpointId = (await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key: account.key, body: intervalEndpoint() }))
    .body.id;
  const endpoint = { id: endpointId, jobId, userId: account.userId };
  // Within the hour: 3 successes, 1 failure; a day ago: 1 timeout; 3 days ago: 1 success.
  const runs = [
    { at: 10, status: 'success', durationMs: 100, latenessMs: 5 },
    { at: 20, status: 'success', durationMs: 200, latenessMs: 10 },
    { at: 30, status: 'failure', durationMs: 300, latenessMs: 20, statusCode: 500 },
    { at: 40, status: 'success', durationMs: 400, latenessMs: 900, source: 'manual' },
    { at: 60 * 20, status: 'timeout', durationMs: 30_000, latenessMs: 50 },
    { at: 60 * 72, status: 'success', durationMs: 150, latenessMs: 1 },
  ] as const;
  for (const run of runs) {
    await makeRun(harness.services.db, endpoint, {
      plannedAt: minutesAgo(run.at),
      status: run.status,
      durationMs: run.durationMs,
      latenessMs: run.latenessMs,
      statusCode: 'statusCode' in run ? run.statusCode : 200,
      source: 'source' in run ? run.source : 'baseline-interval',
      responseBody: '{"ok":true}',
      responseHeaders: { 'content-type': 'application/json' },
      requestSnapshot: { method: 'GET', url: 'https://api.example.com/hooks/sync' },
    });
  }
  await harness.services.db.endpoint.update({
    where: { id: endpointId },
    data: { lastRunAt: minutesAgo(10), lastRunStatus: 'success', failureStreak: 0 },
  });
});
afterAll(async () => {
  await harness.close();
});

describe('runs', () => {
  it('pages newest first with a cursor and filters by status, source and time', async () => {
    const firstPage = await rest(harness, 'GET', `/endpoints/${endpointId}/runs?limit=4`, { key: account.key });
    expect(firstPage.body.items.map((run: { plannedAt: string }) => run.plannedAt)).toEqual(
      [10, 20, 30, 40].map((minutes) => minutesAgo(minutes).toISOString()),
    );
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const secondPage = await rest(
      harness,
      'GET',
      `/endpoints/${endpointId}/runs?limit=4&cursor=${firstPage.body.nextCursor}`,
      {
        key: account.key,
      },
    );
    expect(secondPage.body.items).toHaveLength(2);
    expect(secondPage.body.nextCursor).toBeNull();

    const failures = await rest(harness, 'GET', `/endpoints/${endpointId}/runs?status=failure`, { key: account.key });
    expect(failures.body.items.map((run: { statusCode: number }) => run.statusCode)).toEqual([500]);
    const manual = await rest(harness, 'GET', `/endpoints/${endpointId}/runs?source=manual`, { key: account.key });
    expect(manual.body.items).toHaveLength(1);
    const window = await rest(
      harness,
      'GET',
      `/endpoints/${endpointId}/runs?from=${minutesAgo(35).toISOString()}&to=${minutesAgo(15).toISOString()}`,
      { key: account.key },
    );
    expect(window.body.items).toHaveLength(2);
  });

  it('rejects a page size above 200 and a forged cursor', async () => {
    const tooMany = await rest(harness, 'GET', `/endpoints/${endpointId}/runs?limit=201`, { key: account.key });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.issues[0].path).toEqual(['limit']);
    const forged = await rest(harness, 'GET', `/endpoints/${endpointId}/runs?cursor=garbage`, { key: account.key });
    expect(forged.status).toBe(400);
    expect(forged.body.issues[0].path).toEqual(['cursor']);
  });

  it('returns one run with its response capture and request snapshot', async () => {
    const list = await rest(harness, 'GET', `/endpoints/${endpointId}/runs?limit=1`, { key: account.key });
    const run = await rest(harness, 'GET', `/runs/${list.body.items[0].id}`, { key: account.key });
    expect(run.body).toMatchObject({
      responseBody: '{"ok":true}',
      responseHeaders: { 'content-type': 'application/json' },
      requestSnapshot: { method: 'GET', url: 'https://api.example.com/hooks/sync' },
    });
  });
});

describe('health', () => {
  it('summarises an endpoint over 1 h, 24 h and 7 d', async () => {
    const health = await rest(harness, 'GET', `/endpoints/${endpointId}/health`, { key: account.key });
    expect(health.status).toBe(200);
    const [hour, day, week] = health.body.windows;
    expect(hour).toMatchObject({
      window: '1h',
      runs: 4,
      successRate: 0.75,
      // Percentiles come from histogram bins: 200 ms exactly lies in the bin [200, 300), reported by its
      // upper bound; 400 ms and 900 ms are the largest values seen, which cap their bins.
      durationP50Ms: 299,
      durationP95Ms: 400,
      latenessP99Ms: 900,
    });
    expect(day).toMatchObject({ window: '24h', runs: 5, successRate: 0.6 });
    expect(day.countsByStatus).toMatchObject({ success: 3, failure: 1, timeout: 1 });
    expect(week).toMatchObject({ window: '7d', runs: 6 });
    expect(health.body).toMatchObject({
      lastRunAt: minutesAgo(10).toISOString(),
      lastRunStatus: 'success',
      failureStreak: 0,
    });
    expect(health.body.nextRunAt).toEqual(expect.any(String));
  });

  it('summarises a job and the whole account', async () => {
    const job = await rest(harness, 'GET', `/jobs/${jobId}/health`, { key: account.key });
    expect(job.body.windows[2].runs).toBe(6);
    expect(job.body.endpoints).toBe(1);
    const overview = await rest(harness, 'GET', '/overview', { key: account.key });
    expect(overview.body.windows[0].runs).toBe(4);
    const stranger = await makeAccount(harness);
    const empty = await rest(harness, 'GET', '/overview', { key: stranger.key });
    expect(empty.body.windows[0]).toMatchObject({ runs: 0, successRate: null, durationP50Ms: null });
  });
});

describe('schedule preview and usage', () => {
  it('previews a cron schedule across a daylight-saving change with its smallest gap', async () => {
    const preview = await rest(harness, 'POST', '/schedules/preview', {
      key: account.key,
      body: { cron: '30 2 * * *', timezone: 'Europe/Berlin', from: '2027-03-26T00:00:00Z', count: 3 },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.occurrences).toHaveLength(3);
    expect(preview.body.occurrences[0]).toBe('2027-03-26T01:30:00.000Z');
    expect(preview.body.minGapMs).toBeGreaterThan(0);
  });

  it('previews an interval and refuses bad input and counts above 50', async () => {
    const preview = await rest(harness, 'POST', '/schedules/preview', {
      key: account.key,
      body: { intervalMs: 60_000, from: '2026-12-01T10:00:00Z', count: 2 },
    });
    expect(preview.body).toEqual({
      occurrences: ['2026-12-01T10:01:00.000Z', '2026-12-01T10:02:00.000Z'],
      minGapMs: 60_000,
    });
    const bad = await rest(harness, 'POST', '/schedules/preview', {
      key: account.key,
      body: { cron: 'nope', timezone: 'UTC', count: 3 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toEqual(['cron']);
    const tooMany = await rest(harness, 'POST', '/schedules/preview', {
      key: account.key,
      body: { intervalMs: 60_000, count: 51 },
    });
    expect(tooMany.status).toBe(400);
  });

  it('reports this month’s usage against the plan', async () => {
    await harness.services.db.usageLedger.create({
      data: { userId: account.userId, month: '2026-12', runs: 42, aiTokens: 1_000n },
    });
    const usage = await rest(harness, 'GET', '/usage', { key: account.key });
    expect(usage.body).toEqual({
      tier: 'free',
      month: '2026-12',
      runs: 42,
      runsLimit: harness.services.tierLimits.free.runsPerMonth,
      aiTokens: 1_000,
      aiTokensLimit: harness.services.tierLimits.free.aiTokensPerMonth,
      endpoints: 1,
      endpointsLimit: harness.services.tierLimits.free.maxEndpoints,
      resetsAt: '2027-01-01T00:00:00.000Z',
    });
  });
});
