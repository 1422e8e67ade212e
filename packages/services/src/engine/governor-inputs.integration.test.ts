import { findEndpointById, withTransaction } from '@cronwise/db';
import { HOUR_MS, MINUTE_MS } from '@cronwise/domain';
import { describe, expect, it } from 'vitest';
import { claim, makeEndpointFor, queuedOccurrences } from '../testing';
import { useEngineTestbed } from '../testing/engine-testbed';
import type { EngineDependencies } from './contract';
import { executeOccurrences } from './execute-occurrences';
import { rescheduleEndpoint } from './reschedule-endpoint';
import { runEndpointNow } from './run-endpoint-now';

/**
 * What the engine tells the governor: a target's Retry-After, the deployment's backoff cap, the
 * last scheduled run (never a run-now) and the pending run being replaced.
 */
const START = new Date('2026-12-01T10:00:00.000Z');
const bed = useEngineTestbed(START);
const { clock } = bed;

function reschedule(endpointId: string, deps = bed.harness.deps) {
  return withTransaction(deps.db, (tx) => rescheduleEndpoint(deps, tx, endpointId));
}

const currentOccurrence = bed.nextOccurrence;

async function runDueOccurrence(endpointId: string, at: Date, deps: EngineDependencies = bed.harness.deps) {
  const occurrence = await currentOccurrence(endpointId);
  clock.set(at);
  await executeOccurrences(deps, [await claim(bed.harness.deps, occurrence)]);
  return occurrence;
}

describe("a target's Retry-After beyond the in-run retry cap", () => {
  it('gets no in-run retry and defers the next scheduled run to the time the target asked for', async () => {
    bed.target.handler = (_request, response) => {
      response.writeHead(503, { 'retry-after': '7200' });
      response.end('down for maintenance');
    };
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: MINUTE_MS, retryMaxAttempts: 3 },
    });
    await reschedule(endpoint.id);
    const occurrence = await runDueOccurrence(endpoint.id, new Date('2026-12-01T10:01:00.000Z'));

    expect(await queuedOccurrences(bed.harness.deps, `retry:${occurrence.data.occurrenceId}`)).toEqual([]);
    const after = await findEndpointById(bed.harness.deps.db, endpoint.id);
    expect(after?.lastRunStatus).toBe('failure');
    expect(after?.nextRunAt?.toISOString()).toBe('2026-12-01T12:01:00.000Z');
    expect(after?.nextRunSource).toBe('deferred');
    expect(after?.nextRunExplanation).toContain('deferred to 12:01 UTC (HTTP 503 with Retry-After 2 h)');
    expect((await currentOccurrence(endpoint.id)).data.plannedAt).toBe('2026-12-01T12:01:00.000Z');
  });

  it('holds a Retry-After given as an HTTP date too, and never longer than the backoff cap', async () => {
    bed.target.handler = (_request, response) => {
      response.writeHead(429, { 'retry-after': 'Fri, 01 Jan 2027 00:00:00 GMT' });
      response.end();
    };
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: MINUTE_MS },
    });
    await reschedule(endpoint.id);
    await runDueOccurrence(endpoint.id, new Date('2026-12-01T10:01:00.000Z'));

    const after = await findEndpointById(bed.harness.deps.db, endpoint.id);
    expect(after?.nextRunAt?.toISOString()).toBe('2026-12-02T10:01:00.000Z');
    expect(after?.nextRunExplanation).toContain('capped at 1 d');
  });
});

describe('the failure backoff cap', () => {
  it('comes from the deployment setting', async () => {
    bed.target.handler = (_request, response) => {
      response.writeHead(500);
      response.end();
    };
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 2 * HOUR_MS, failureStreak: 4 },
    });
    const deps = { ...bed.harness.deps, maxBackoffMs: 6 * HOUR_MS };
    await reschedule(endpoint.id, deps);
    const first = await currentOccurrence(endpoint.id);
    const anchorMs = Date.parse(String(first.data.anchorAt));
    await runDueOccurrence(endpoint.id, new Date(first.data.plannedAt), deps);

    // Five failures would be 2 h × 32 = 64 h; the cap holds the grid at 6 h.
    const next = await currentOccurrence(endpoint.id);
    expect(next.data.anchorAt).toBe(new Date(anchorMs + 6 * HOUR_MS).toISOString());
    expect((await findEndpointById(bed.harness.deps.db, endpoint.id))?.nextRunExplanation).toContain(
      'backed off to 6 h, the backoff cap, after 5 consecutive failures',
    );
  });
});

describe('the minimum-gap anchor', () => {
  it('is the last scheduled run: a run-now does not move it for later schedule edits', async () => {
    const { endpoint, user } = await makeEndpointFor(bed.harness.deps, {
      tier: 'free',
      url: bed.target.url(),
      overrides: { intervalMs: 5 * MINUTE_MS },
    });
    await reschedule(endpoint.id);
    await runDueOccurrence(endpoint.id, new Date('2026-12-01T10:05:00.000Z'));

    clock.set(new Date('2026-12-01T10:06:20.000Z'));
    const { occurrenceId } = await runEndpointNow(bed.harness.deps, { userId: user.id, endpointId: endpoint.id });
    await executeOccurrences(bed.harness.deps, [
      await claim(bed.harness.deps, await currentOccurrence(`now:${occurrenceId}`)),
    ]);
    const afterRunNow = await findEndpointById(bed.harness.deps.db, endpoint.id);
    expect(afterRunNow?.lastRunAt?.toISOString()).toBe('2026-12-01T10:06:20.000Z');
    expect(afterRunNow?.lastScheduledRunAt?.toISOString()).toBe('2026-12-01T10:05:00.000Z');

    clock.set(new Date('2026-12-01T10:06:30.000Z'));
    await bed.harness.deps.db.endpoint.update({ where: { id: endpoint.id }, data: { intervalMs: MINUTE_MS } });
    const edited = await reschedule(endpoint.id);

    // Measured from the 10:05 scheduled run, the free plan's 1 min floor allows the 10:07 slot;
    // measured from the run-now it would have clamped the run to 10:07:20.
    expect(edited.nextRunAt?.toISOString()).toBe('2026-12-01T10:07:00.000Z');
    expect(edited.nextRunSource).toBe('baseline-interval');
  });
});

describe('re-planning before the pending run', () => {
  it('invents no missed runs when a new hint arrives while the next run is still ahead', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 10 * MINUTE_MS, catchUpPolicy: 'once' },
    });
    await reschedule(endpoint.id);
    await runDueOccurrence(endpoint.id, new Date('2026-12-01T10:10:00.000Z'));

    clock.set(new Date('2026-12-01T10:13:30.000Z'));
    await bed.harness.deps.db.endpoint.update({
      where: { id: endpoint.id },
      data: {
        aiIntervalMs: MINUTE_MS,
        aiIntervalExpiresAt: new Date('2026-12-01T11:00:00.000Z'),
        aiIntervalReason: 'error rate rising',
      },
    });
    const hinted = await reschedule(endpoint.id);

    expect(hinted.nextRunAt?.toISOString()).toBe('2026-12-01T10:14:00.000Z');
    expect(hinted.nextRunExplanation).toBe('every 1 min (AI hint until 11:00 UTC: error rate rising)');
  });
});
