/**
 * The migration that partitions `runs` converts a table that already holds history: this
 * replays every earlier migration into a fresh database, records runs the old way, applies the
 * partitioning migration and checks that every run survived where it belongs, with the same
 * guarantees. Scripts go to the server whole, as the migration runner sends them (cli-adapter).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlFor } from '../embedded-postgres';
import { uuidv7 } from '../repositories/uuidv7';
import { testServerUrl } from '../testing';
import { REPOSITORY_ROOT } from './apply-migrations';

const PARTITIONING = '20261202190038_partition_runs';
const database = `cronwise_partition_migration_${process.pid}`;
let admin: pg.Client;
let client: pg.Client;

async function migrationScripts(): Promise<{ before: string[]; partitioning: string }> {
  const folder = path.join(REPOSITORY_ROOT, 'prisma/migrations');
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const read = (name: string) => readFile(path.join(folder, name, 'migration.sql'), 'utf8');
  return {
    before: await Promise.all(names.filter((name) => name < PARTITIONING).map(read)),
    partitioning: await read(PARTITIONING),
  };
}

function occurrenceIdAt(at: string): string {
  return `occ_${uuidv7(Date.parse(at)).replaceAll('-', '')}`;
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  client = new pg.Client({ connectionString: databaseUrlFor(testServerUrl(), database) });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin?.end();
});

describe('partitioning an existing runs table', () => {
  it('keeps every run, puts each in its month, and keeps one run per occurrence attempt', async () => {
    const { before, partitioning } = await migrationScripts();
    for (const script of before) await client.query(script);

    await client.query(
      `INSERT INTO users (id, email, "updatedAt") VALUES ('00000000-0000-7000-8000-000000000001', 'old@example.test', now())`,
    );
    await client.query(`INSERT INTO jobs (id, "userId", name, "updatedAt")
                        VALUES ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001', 'old', now())`);
    await client.query(`INSERT INTO endpoints (id, "jobId", "userId", name, url, "scheduleType", "updatedAt")
                        VALUES ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000002',
                                '00000000-0000-7000-8000-000000000001', 'old', 'https://example.com', 'interval', now())`);
    // Occurrences planned in three months, each with two attempts, and ids without a time.
    const occurrences = [
      ...['2026-09-14T10:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-10-31T23:59:59.999Z'].map(occurrenceIdAt),
      'occ_history_1',
      'occ-legacy',
    ];
    for (const occurrenceId of occurrences) {
      for (const attempt of [1, 2]) {
        await client.query(
          `INSERT INTO runs (id, "endpointId", "jobId", "userId", "occurrenceId", attempt, "plannedAt", status, source,
                             "responseBody")
           VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000002',
                   '00000000-0000-7000-8000-000000000001', $1, $2, now(), 'success', 'baseline-interval', $3)`,
          [occurrenceId, attempt, `body ${occurrenceId} ${attempt}`],
        );
      }
    }
    const snapshot = async () =>
      (
        await client.query<{ id: string; occurrenceId: string; attempt: number; responseBody: string }>(
          `SELECT id, "occurrenceId", attempt, "responseBody" FROM runs ORDER BY id`,
        )
      ).rows;
    const runsBefore = await snapshot();
    expect(runsBefore).toHaveLength(10);

    await client.query(partitioning);

    expect(await snapshot()).toEqual(runsBefore);
    const { rows: placement } = await client.query<{ partition: string; runs: number }>(
      `SELECT tableoid::regclass::text AS partition, count(*)::int AS runs FROM runs GROUP BY 1 ORDER BY 1`,
    );
    expect(placement).toEqual([
      { partition: 'runs_2026_09', runs: 2 },
      { partition: 'runs_2026_10', runs: 4 },
      { partition: 'runs_default', runs: 4 },
    ]);
    const { rows: mismatched } = await client.query(
      `SELECT 1 FROM runs WHERE "occurrenceAt" IS DISTINCT FROM runs_occurrence_at("occurrenceId")`,
    );
    expect(mismatched).toHaveLength(0);

    // This month and the next two are ready for new runs.
    const { rows: months } = await client.query<{ name: string }>(
      `SELECT 'runs_' || to_char(date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => n), 'YYYY_MM') AS name
         FROM generate_series(0, 2) AS n`,
    );
    for (const { name } of months) {
      const { rows } = await client.query('SELECT to_regclass($1) AS oid', [`public.${name}`]);
      expect(rows[0]?.oid, name).not.toBeNull();
    }

    // Every partition has the list index and the unique key; the old table is gone.
    const { rows: indexes } = await client.query<{ partition: string; indexes: string[] }>(
      `SELECT c.relname AS partition, array_agg(ic.relname ORDER BY ic.relname)::text[] AS indexes
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_index x ON x.indrelid = c.oid JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE i.inhparent = 'runs'::regclass GROUP BY 1`,
    );
    for (const { partition, indexes: names } of indexes) {
      expect(
        names.some((name) => name.includes('endpointId_plannedAt_id')),
        partition,
      ).toBe(true);
      expect(
        names.some((name) => name.includes('occurrenceId_attempt_occurrenceAt')),
        partition,
      ).toBe(true);
    }
    const { rows: leftovers } = await client.query(`SELECT to_regclass('public.runs_unpartitioned') AS oid`);
    expect(leftovers[0]?.oid).toBeNull();

    // The unique guarantee holds across the conversion, for timed and untimed ids alike.
    for (const occurrenceId of [occurrences[1], 'occ-legacy']) {
      await expect(
        client.query(
          `INSERT INTO runs (id, "endpointId", "jobId", "userId", "occurrenceId", attempt, "occurrenceAt", "plannedAt",
                             status, source)
           VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000002',
                   '00000000-0000-7000-8000-000000000001', $1, 2, runs_occurrence_at($1), now(), 'success', 'retry')`,
          [occurrenceId],
        ),
      ).rejects.toMatchObject({ code: '23505' });
    }
    // Foreign keys came back: deleting the endpoint takes its runs along.
    await client.query(`DELETE FROM endpoints WHERE id = '00000000-0000-7000-8000-000000000003'`);
    const { rows: remaining } = await client.query<{ runs: number }>('SELECT count(*)::int AS runs FROM runs');
    expect(remaining[0]?.runs).toBe(0);
  });
});
