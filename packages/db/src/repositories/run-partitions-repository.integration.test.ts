import { afterAll, describe, expect, it } from 'vitest';
import { createSqlPool } from '../sql';
import { connectTestDatabase, makeEndpoint, makeJob, makeUser, testDatabaseUrl } from '../testing';
import { insertRuns, type NewRun } from './engine-repository';
import {
  dropRunPartitionsBefore,
  ensureRunPartitions,
  listRunPartitions,
  occurrenceTimeOf,
} from './run-partitions-repository';
import { listRunsForEndpoint, recordRun } from './runs-repository';
import { uuidv7 } from './uuidv7';

const db = connectTestDatabase();
const pool = createSqlPool({ url: testDatabaseUrl(), poolSize: 6 });
afterAll(async () => {
  await pool.end();
});

/** An occurrence id as the engine mints them (newOccurrenceId), planned at `at`. */
function occurrenceIdAt(at: string): string {
  return `occ_${uuidv7(Date.parse(at)).replaceAll('-', '')}`;
}

async function newEndpoint(options: { retentionHoldUntil?: Date } = {}) {
  const user = await makeUser(db);
  if (options.retentionHoldUntil) {
    await db.user.update({ where: { id: user.id }, data: { retentionHoldUntil: options.retentionHoldUntil } });
  }
  const job = await makeJob(db, user.id);
  return makeEndpoint(db, job);
}

function newRun(
  endpoint: { id: string; jobId: string; userId: string },
  occurrenceId: string,
  overrides: Partial<NewRun> = {},
): NewRun {
  const plannedAt = overrides.plannedAt ?? new Date('2026-12-02T10:00:00.000Z');
  return {
    endpointId: endpoint.id,
    jobId: endpoint.jobId,
    userId: endpoint.userId,
    occurrenceId,
    attempt: 1,
    plannedAt,
    startedAt: plannedAt,
    finishedAt: plannedAt,
    status: 'success',
    statusCode: 200,
    durationMs: 10,
    latenessMs: 1,
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

async function partitionHolding(occurrenceId: string): Promise<string[]> {
  const { rows } = await pool.query<{ partition: string }>(
    `SELECT tableoid::regclass::text AS partition FROM runs WHERE "occurrenceId" = $1 ORDER BY attempt`,
    [occurrenceId],
  );
  return rows.map((row) => row.partition);
}

async function tableExists(name: string): Promise<boolean> {
  const { rows } = await pool.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [`public.${name}`]);
  return rows[0]?.oid != null;
}

describe('the partition key', () => {
  it('is the time the occurrence id carries, the same in TypeScript and in SQL; an id without one goes to 1970', async () => {
    const timed = occurrenceIdAt('2026-12-02T10:11:12.345Z');
    const version4 = `occ_${'0123456789ab4def0123456789abcdef'}`;
    const ids = [timed, 'occ-legacy-1', 'occ_manual_overlap', version4, `${timed}0`];
    expect(occurrenceTimeOf(timed).toISOString()).toBe('2026-12-02T10:11:12.345Z');
    for (const id of ids.slice(1)) expect(occurrenceTimeOf(id).getTime()).toBe(0);
    const { rows } = await pool.query<{ id: string; at: Date }>(
      'SELECT id, runs_occurrence_at(id) AS at FROM unnest($1::text[]) AS id',
      [ids],
    );
    expect(rows.map((row) => [row.id, row.at.toISOString()])).toEqual(
      ids.map((id) => [id, occurrenceTimeOf(id).toISOString()]),
    );
  });
});

describe('run partitions', () => {
  it('has the migration’s partitions: this month, the next two and the default', async () => {
    const names = (await listRunPartitions(pool)).map((partition) => partition.name);
    const now = new Date();
    for (let ahead = 0; ahead <= 2; ahead += 1) {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1));
      expect(names).toContain(`runs_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`);
    }
    expect(names.at(-1)).toBe('runs_default');
  });

  it('creates this month and the next two once, even when several workers ask at the same time', async () => {
    const now = new Date('2031-05-20T08:00:00.000Z');
    const created = await Promise.all([ensureRunPartitions(pool, now), ensureRunPartitions(pool, now)]);
    expect(created.flat().sort()).toEqual(['runs_2031_05', 'runs_2031_06', 'runs_2031_07']);
    expect(await ensureRunPartitions(pool, now)).toEqual([]);
    expect((await listRunPartitions(pool)).find((partition) => partition.name === 'runs_2031_06')).toEqual({
      name: 'runs_2031_06',
      from: new Date('2031-06-01T00:00:00.000Z'),
      to: new Date('2031-07-01T00:00:00.000Z'),
    });
  });

  it('routes a run to its month; a month created later takes its runs out of the default partition', async () => {
    const endpoint = await newEndpoint();
    const early = occurrenceIdAt('2033-03-05T00:00:00.000Z');
    const legacy = 'occ-without-time-1';
    await insertRuns(pool, [newRun(endpoint, early), newRun(endpoint, legacy)]);
    expect(await partitionHolding(early)).toEqual(['runs_default']);

    expect(await ensureRunPartitions(pool, new Date('2033-03-31T23:59:59.000Z'), 0)).toEqual(['runs_2033_03']);

    expect(await partitionHolding(early)).toEqual(['runs_2033_03']);
    expect(await partitionHolding(legacy)).toEqual(['runs_default']);
    const { rows } = await pool.query<{ runs: number }>(
      'SELECT count(*)::int AS runs FROM runs WHERE "endpointId" = $1',
      [endpoint.id],
    );
    expect(rows[0]?.runs).toBe(2);
  });

  it('records an occurrence attempt at most once, whatever planned time a repeat carries', async () => {
    await ensureRunPartitions(pool, new Date('2031-05-01T00:00:00.000Z'), 0);
    const endpoint = await newEndpoint();
    const occurrenceId = occurrenceIdAt('2031-05-21T12:00:00.000Z');
    const first = newRun(endpoint, occurrenceId, { attempt: 2, plannedAt: new Date('2031-05-21T12:00:30.000Z') });
    // A redelivered attempt plans its retry anew: same occurrence and attempt, another planned time.
    const repeat = { ...first, plannedAt: new Date('2031-05-21T12:00:41.000Z'), status: 'failure' as const };

    expect([...(await insertRuns(pool, [first]))]).toEqual([`${occurrenceId}#2`]);
    expect((await insertRuns(pool, [repeat])).size).toBe(0);
    expect(
      await recordRun(db, {
        endpointId: endpoint.id,
        jobId: endpoint.jobId,
        userId: endpoint.userId,
        occurrenceId,
        attempt: 2,
        plannedAt: repeat.plannedAt,
        status: 'failure',
        source: 'retry',
      }),
    ).toBeNull();
    expect((await insertRuns(pool, [newRun(endpoint, occurrenceId, { attempt: 3 })])).size).toBe(1);
    expect(await partitionHolding(occurrenceId)).toEqual(['runs_2031_05', 'runs_2031_05']);

    // Without ON CONFLICT the unique key refuses the repeat, and a key that does not follow the
    // id is refused outright (it could otherwise sit in another month beside the first).
    const insert = (occurrenceAt: string) =>
      pool.query(
        `INSERT INTO runs (id, "endpointId", "jobId", "userId", "occurrenceId", attempt, "occurrenceAt", "plannedAt",
                           status, source)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 2, $5::timestamp, $5::timestamp, 'success', 'retry')`,
        [endpoint.id, endpoint.jobId, endpoint.userId, occurrenceId, occurrenceAt],
      );
    await expect(insert(occurrenceTimeOf(occurrenceId).toISOString())).rejects.toMatchObject({ code: '23505' });
    await expect(insert('2031-06-02T00:00:00.000Z')).rejects.toMatchObject({
      code: '23514',
      constraint: 'runs_occurrenceAt_matches_occurrenceId',
    });
  });

  it('pages the runs list newest first across partitions without gap or overlap', async () => {
    await ensureRunPartitions(pool, new Date('2031-05-01T00:00:00.000Z'), 2);
    const endpoint = await newEndpoint();
    const occurrenceMonths = ['2031-05-03', '2031-06-09', '2031-07-01', '2033-03-08', ''];
    const runs = occurrenceMonths.flatMap((day, index) =>
      [0, 1].map((offset) =>
        newRun(endpoint, day ? occurrenceIdAt(`${day}T0${offset}:00:00.000Z`) : `occ-plain-${index}-${offset}`, {
          // Planned times unrelated to the partition, with ties.
          plannedAt: new Date(Date.UTC(2031, 0, 1, (index * 7 + offset * 3) % 5)),
        }),
      ),
    );
    await insertRuns(pool, runs);
    const { rows: partitions } = await pool.query<{ partitions: number }>(
      'SELECT count(DISTINCT tableoid)::int AS partitions FROM runs WHERE "endpointId" = $1',
      [endpoint.id],
    );
    expect(partitions[0]?.partitions).toBe(5);

    const seen: { id: string; plannedAt: Date }[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listRunsForEndpoint>> = await listRunsForEndpoint(
        db,
        endpoint.userId,
        endpoint.id,
        { limit: 3, cursor },
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(runs.length);
    const expected = [...seen].sort(
      (a, b) => b.plannedAt.getTime() - a.plannedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
    expect(seen.map((run) => run.id)).toEqual(expected.map((run) => run.id));
    expect(new Set(seen.map((run) => run.id)).size).toBe(runs.length);
  });
});

describe('dropping months past retention', () => {
  it('drops a month whose runs are all past the cutoff, keeps one with a late run or a held owner', async () => {
    expect(await ensureRunPartitions(pool, new Date('2025-01-15T00:00:00.000Z'), 2)).toEqual([
      'runs_2025_01',
      'runs_2025_02',
      'runs_2025_03',
    ]);
    const now = new Date();
    const plain = await newEndpoint();
    const held = await newEndpoint({ retentionHoldUntil: new Date(now.getTime() + 86_400_000) });
    const record = (
      endpoint: { id: string; jobId: string; userId: string },
      occurrenceId: string,
      createdAt: Date | undefined,
    ) =>
      recordRun(db, {
        endpointId: endpoint.id,
        jobId: endpoint.jobId,
        userId: endpoint.userId,
        occurrenceId,
        plannedAt: occurrenceTimeOf(occurrenceId),
        status: 'success',
        source: 'baseline-interval',
        ...(createdAt ? { createdAt } : {}),
      });
    const january = occurrenceIdAt('2025-01-10T00:00:00.000Z');
    await record(plain, january, new Date('2025-01-10T00:00:01.000Z'));
    // Planned in February, recorded only now (a long deferral): February stays.
    await record(plain, occurrenceIdAt('2025-02-10T00:00:00.000Z'), undefined);
    await record(held, occurrenceIdAt('2025-03-10T00:00:00.000Z'), new Date('2025-03-10T00:00:01.000Z'));
    await record(plain, 'occ-old-without-time', new Date('2025-01-10T00:00:01.000Z'));

    const result = await dropRunPartitionsBefore(pool, { cutoff: new Date('2025-06-01T00:00:00.000Z'), now });

    expect(result.dropped).toEqual(['runs_2025_01']);
    expect(result.kept).toEqual([
      { name: 'runs_2025_02', reason: 'holds runs created after the cutoff' },
      { name: 'runs_2025_03', reason: 'holds runs of an owner whose history is on hold' },
    ]);
    expect(await tableExists('runs_2025_01')).toBe(false);
    expect(await partitionHolding(january)).toEqual([]);
    // Younger months and the default partition are never candidates.
    expect(await tableExists('runs_2031_05')).toBe(true);
    expect(await partitionHolding('occ-old-without-time')).toEqual(['runs_default']);
    expect(
      (await dropRunPartitionsBefore(pool, { cutoff: new Date('2025-06-01T00:00:00.000Z'), now })).dropped,
    ).toEqual([]);
  });
});
