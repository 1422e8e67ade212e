import { withTransaction } from '@cronwise/db';
import { describe, expect, it } from 'vitest';
import { summariseHealth } from '../health/summarise-health';
import { claim, makeEndpointFor, queuedOccurrences } from '../testing';
import { useEngineTestbed } from '../testing/engine-testbed';
import { executeOccurrences } from './execute-occurrences';
import { rescheduleEndpoint } from './reschedule-endpoint';

const START = new Date('2026-12-01T10:00:00.000Z');
const bed = useEngineTestbed(START);
const { clock } = bed;

interface RollupRow {
  bucketSeconds: number;
  bucketStart: Date;
  success: number;
  failure: number;
  durationHistogram: number[];
  latenessHistogram: number[];
}

async function rollupsOf(endpointId: string): Promise<RollupRow[]> {
  const { rows } = await bed.harness.deps.sql.query<RollupRow>(
    `SELECT "bucketSeconds", "bucketStart", success, failure, "durationHistogram", "latenessHistogram"
       FROM run_rollups WHERE "endpointId" = $1 ORDER BY "bucketSeconds", "bucketStart"`,
    [endpointId],
  );
  return rows;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

const currentOccurrence = bed.nextOccurrence;

describe('health rollups maintained by the engine batch', () => {
  it('counts each executed run once in a five-minute and an hourly bucket, redelivery included', async () => {
    const { endpoint, user } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 30_000 },
    });
    await withTransaction(bed.harness.deps.db, (tx) => rescheduleEndpoint(bed.harness.deps, tx, endpoint.id));
    const occurrence = await currentOccurrence(endpoint.id);
    clock.advance(30_000);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, occurrence)]);
    // pg-boss delivers the same occurrence again: the run is not recorded twice, nor rolled up twice.
    await executeOccurrences(bed.harness.deps, [{ ...(await claim(bed.harness.deps, occurrence)), retryCount: 1 }]);

    const rows = await rollupsOf(endpoint.id);
    expect(rows.map((row) => [row.bucketSeconds, row.bucketStart.toISOString(), row.success, row.failure])).toEqual([
      [300, '2026-12-01T10:00:00.000Z', 1, 0],
      [3600, '2026-12-01T10:00:00.000Z', 1, 0],
    ]);
    for (const row of rows) {
      expect(sum(row.durationHistogram)).toBe(1);
      expect(sum(row.latenessHistogram)).toBe(1);
    }

    const health = await summariseHealth(bed.harness.deps, { userId: user.id, endpointId: endpoint.id });
    expect(health.windows.map((window) => [window.window, window.runs, window.countsByStatus.success])).toEqual([
      ['1h', 1, 1],
      ['24h', 1, 1],
      ['7d', 1, 1],
    ]);
  });

  it('counts an occurrence by its final attempt: a successful retry replaces the failed first attempt', async () => {
    const { endpoint, user } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url('/flaky'),
      overrides: { intervalMs: 270_000, retryMaxAttempts: 3, retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 },
    });
    await withTransaction(bed.harness.deps.db, (tx) => rescheduleEndpoint(bed.harness.deps, tx, endpoint.id));
    bed.target.handler = (_request, response) => {
      response.writeHead(503, { 'retry-after': '45' });
      response.end('busy');
    };
    const occurrence = await currentOccurrence(endpoint.id);
    clock.advance(270_000);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, occurrence)], { random: () => 0.5 });
    expect((await rollupsOf(endpoint.id)).map((row) => [row.bucketSeconds, row.success, row.failure])).toEqual([
      [300, 0, 1],
      [3600, 0, 1],
    ]);

    const [retry] = await queuedOccurrences(bed.harness.deps, `retry:${occurrence.data.occurrenceId}`);
    if (!retry) throw new Error('no retry queued');
    bed.target.handler = (_request, response) => {
      response.end('ok now');
    };
    // Planned at 10:04:30, retried 45 s later: the next five-minute bucket, the same hour.
    clock.advance(45_000);
    await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, retry)]);

    const rows = await rollupsOf(endpoint.id);
    expect(rows.map((row) => [row.bucketSeconds, row.bucketStart.toISOString(), row.success, row.failure])).toEqual([
      [300, '2026-12-01T10:00:00.000Z', 0, 0],
      [300, '2026-12-01T10:05:00.000Z', 1, 0],
      [3600, '2026-12-01T10:00:00.000Z', 1, 0],
    ]);
    expect(rows.map((row) => sum(row.durationHistogram))).toEqual([0, 1, 1]);

    const health = await summariseHealth(bed.harness.deps, { userId: user.id, endpointId: endpoint.id });
    expect(health.windows[0]).toMatchObject({ runs: 1, successRate: 1 });
    expect(health.windows[0]?.countsByStatus).toMatchObject({ success: 1, failure: 0 });
  });
});
