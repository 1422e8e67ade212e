import { afterAll, describe, expect, it } from 'vitest';
import { createSqlPool, withSqlTransaction } from '../sql';
import { connectTestDatabase, makeEndpoint, makeJob, makeUser, testDatabaseUrl, uniqueSuffix } from '../testing';
import { insertRuns, type NewRun } from './engine-repository';

const db = connectTestDatabase();
const pool = createSqlPool({ url: testDatabaseUrl(), poolSize: 6 });
afterAll(async () => {
  await pool.end();
});

const PLANNED_AT = new Date('2026-12-01T10:01:00.000Z');

function newRun(endpoint: { id: string; jobId: string; userId: string }, overrides: Partial<NewRun> = {}): NewRun {
  return {
    endpointId: endpoint.id,
    jobId: endpoint.jobId,
    userId: endpoint.userId,
    occurrenceId: `occ-rollup-${uniqueSuffix()}`,
    attempt: 1,
    plannedAt: PLANNED_AT,
    startedAt: PLANNED_AT,
    finishedAt: PLANNED_AT,
    status: 'success',
    statusCode: 200,
    durationMs: 120,
    latenessMs: 4,
    source: 'baseline-interval',
    explanation: '',
    responseBody: null,
    responseTruncated: false,
    responseContentType: null,
    responseSizeBytes: null,
    responseHeaders: null,
    requestSnapshot: null,
    error: null,
    ...overrides,
  };
}

describe('rolling up inserted runs', () => {
  it('counts every run of concurrent batches that touch the same buckets in opposite orders', async () => {
    const user = await makeUser(db);
    const job = await makeJob(db, user.id);
    const first = await makeEndpoint(db, job);
    const second = await makeEndpoint(db, job);
    const rounds = 15;
    for (let round = 0; round < rounds; round += 1) {
      await Promise.all([
        withSqlTransaction(pool, (client) => insertRuns(client, [newRun(first), newRun(second)])),
        withSqlTransaction(pool, (client) => insertRuns(client, [newRun(second), newRun(first)])),
        withSqlTransaction(pool, (client) =>
          insertRuns(client, [newRun(second, { status: 'failure' }), newRun(first), newRun(second)]),
        ),
      ]);
    }
    const { rows } = await pool.query<{ endpointId: string; bucketSeconds: number; success: number; failure: number }>(
      `SELECT "endpointId", "bucketSeconds", success, failure FROM run_rollups
        WHERE "endpointId" = ANY($1::uuid[]) ORDER BY "bucketSeconds", "endpointId"`,
      [[first.id, second.id]],
    );
    const expected = (endpointId: string) => (endpointId === first.id ? [3 * rounds, 0] : [3 * rounds, rounds]);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect([row.success, row.failure]).toEqual(expected(row.endpointId));
  });

  it('leaves the rollups alone for a run already recorded (a redelivered occurrence)', async () => {
    const user = await makeUser(db);
    const endpoint = await makeEndpoint(db, await makeJob(db, user.id));
    const run = newRun(endpoint);
    expect((await insertRuns(pool, [run])).size).toBe(1);
    expect((await insertRuns(pool, [run])).size).toBe(0);
    const { rows } = await pool.query<{ success: number }>(
      'SELECT success FROM run_rollups WHERE "endpointId" = $1 ORDER BY "bucketSeconds"',
      [endpoint.id],
    );
    expect(rows.map((row) => row.success)).toEqual([1, 1]);
  });

  it('uncounts an earlier attempt recorded in the same batch as its retry', async () => {
    const user = await makeUser(db);
    const endpoint = await makeEndpoint(db, await makeJob(db, user.id));
    const occurrenceId = `occ-rollup-${uniqueSuffix()}`;
    await insertRuns(pool, [
      newRun(endpoint, { occurrenceId, attempt: 1, status: 'failure' }),
      newRun(endpoint, { occurrenceId, attempt: 2, status: 'success' }),
    ]);
    await insertRuns(pool, [newRun(endpoint, { occurrenceId, attempt: 3, status: 'timeout' })]);
    const { rows } = await pool.query<{ success: number; failure: number; timeout: number }>(
      'SELECT success, failure, timeout FROM run_rollups WHERE "endpointId" = $1 ORDER BY "bucketSeconds"',
      [endpoint.id],
    );
    expect(rows).toEqual([
      { success: 0, failure: 0, timeout: 1 },
      { success: 0, failure: 0, timeout: 1 },
    ]);
  });
});
