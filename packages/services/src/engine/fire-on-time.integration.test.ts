import { withTransaction } from '@cronwise/db';
import { OCCURRENCE_CLAIM_LEAD_MS } from '@cronwise/jobs';
import { describe, expect, it } from 'vitest';
import { claim, makeEndpointFor, queuedOccurrences } from '../testing';
import { useEngineTestbed } from '../testing/engine-testbed';
import { executeOccurrencesOnTime, groupByInstant } from './fire-on-time';
import { holdUntil, MAX_HOLD_MS } from './occurrences';
import { rescheduleEndpoint } from './reschedule-endpoint';

const START = new Date('2026-12-01T10:00:00.000Z');
const PLANNED_AT = new Date('2026-12-01T10:00:30.000Z');
const bed = useEngineTestbed(START);
const { clock } = bed;

/** An endpoint every 30 s, its occurrence (planned 10:00:30) claimed as soon as it may be. */
async function claimedEarly() {
  const { endpoint } = await makeEndpointFor(bed.harness.deps, {
    url: bed.target.url('/on-time'),
    overrides: { intervalMs: 30_000 },
  });
  await bed.schedule(endpoint.id);
  const occurrence = await bed.nextOccurrence(endpoint.id);
  expect(occurrence.startAfter.getTime()).toBe(PLANNED_AT.getTime() - OCCURRENCE_CLAIM_LEAD_MS);
  clock.set(occurrence.startAfter);
  return { endpoint, occurrence, job: await claim(bed.harness.deps, occurrence) };
}

function runsOf(endpointId: string) {
  return bed.harness.deps.db.run.findMany({ where: { endpointId } });
}

describe('an occurrence claimed before its planned instant', () => {
  it('is held, classified just before the instant, and sent at the instant, never before', async () => {
    const { endpoint, job } = await claimedEarly();
    const requestsBefore = bed.target.requests.length;

    const firing = executeOccurrencesOnTime(bed.harness.deps, [job]);
    await clock.somethingWaits();
    expect(bed.target.requests.length).toBe(requestsBefore);
    clock.set(new Date(PLANNED_AT.getTime() - 50));
    // Classified and ready, it now waits for the planned instant itself.
    await clock.somethingWaits();
    expect(bed.target.requests.length).toBe(requestsBefore);
    clock.set(PLANNED_AT);
    const summary = await firing;

    expect(summary).toMatchObject({ dispatched: 1, recorded: 1, dropped: 0 });
    expect(bed.target.requests.at(-1)?.headers['idempotency-key']).toBe(job.data.occurrenceId);
    const [run] = await runsOf(endpoint.id);
    expect(run?.startedAt?.toISOString()).toBe(PLANNED_AT.toISOString());
    expect(run?.latenessMs).toBe(0);
  });

  it('makes no call when the endpoint is paused while it is held', async () => {
    const { endpoint, job } = await claimedEarly();
    const requestsBefore = bed.target.requests.length;
    const firing = executeOccurrencesOnTime(bed.harness.deps, [job]);
    await clock.somethingWaits();

    await bed.harness.deps.db.endpoint.update({
      where: { id: endpoint.id },
      data: { pausedAt: clock.now(), pausedBy: 'user' },
    });
    await withTransaction(bed.harness.deps.db, (tx) => rescheduleEndpoint(bed.harness.deps, tx, endpoint.id));
    clock.set(PLANNED_AT);

    expect(await firing).toMatchObject({ dispatched: 0, dropped: 1, recorded: 0 });
    expect(bed.target.requests.length).toBe(requestsBefore);
    expect(await runsOf(endpoint.id)).toEqual([]);
  });

  it('is dropped as stale when the schedule is edited while it is held', async () => {
    const { endpoint, job } = await claimedEarly();
    const requestsBefore = bed.target.requests.length;
    const dropped: string[] = [];
    const firing = executeOccurrencesOnTime(bed.harness.deps, [job], {
      onDrop: (occurrence) => dropped.push(occurrence.reason),
    });
    await clock.somethingWaits();

    await bed.harness.deps.db.endpoint.update({ where: { id: endpoint.id }, data: { intervalMs: 120_000 } });
    const edited = await withTransaction(bed.harness.deps.db, (tx) =>
      rescheduleEndpoint(bed.harness.deps, tx, endpoint.id),
    );
    clock.set(PLANNED_AT);

    expect(await firing).toMatchObject({ dispatched: 0, dropped: 1 });
    expect(dropped).toEqual(['stale: the schedule changed after it was queued']);
    expect(bed.target.requests.length).toBe(requestsBefore);
    expect(await runsOf(endpoint.id)).toEqual([]);
    // The edit's occurrence is the one that stays queued.
    const waiting = (await queuedOccurrences(bed.harness.deps, endpoint.id)).filter(
      (queued) => queued.state === 'created',
    );
    expect(waiting.map((queued) => queued.data.occurrenceId)).toEqual([edited.currentOccurrenceId]);
  });

  it('is recorded once when pg-boss delivers it again while the first delivery still holds it', async () => {
    const { endpoint, job } = await claimedEarly();
    const requestsBefore = bed.target.requests.length;
    const first = executeOccurrencesOnTime(bed.harness.deps, [job]);
    const redelivered = executeOccurrencesOnTime(bed.harness.deps, [{ ...job, retryCount: 1 }]);
    await clock.somethingWaits();
    clock.set(PLANNED_AT);
    const summaries = await Promise.all([first, redelivered]);

    expect(summaries.reduce((sum, summary) => sum + summary.recorded, 0)).toBe(1);
    expect(await runsOf(endpoint.id)).toHaveLength(1);
    // Whatever reached the target carried the one occurrence id as its Idempotency-Key.
    const keys = bed.target.requests.slice(requestsBefore).map((request) => request.headers['idempotency-key']);
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(new Set(keys)).toEqual(new Set([job.data.occurrenceId]));
    const waiting = (await queuedOccurrences(bed.harness.deps, endpoint.id)).filter(
      (queued) => queued.state === 'created',
    );
    expect(waiting).toHaveLength(1);
  });
});

describe('grouping a claimed batch by planned instant', () => {
  const at = (ms: number) => ({ id: `job-${ms}`, data: { plannedAt: new Date(START.getTime() + ms).toISOString() } });

  it('runs what is due at once, and groups the rest by nearby instants', () => {
    const groups = groupByInstant(
      [at(400), at(-2_000), at(30), at(420), { id: 'unreadable', data: {} }, at(150), at(520)],
      START,
    );

    expect(groups.map((group) => [group.firesAt.getTime() - START.getTime(), group.jobs.map((job) => job.id)])).toEqual(
      [
        [0, ['job--2000', 'job-30', 'unreadable']],
        [150, ['job-150']],
        [400, ['job-400', 'job-420']],
        [520, ['job-520']],
      ],
    );
  });

  it('holds an occurrence at most MAX_HOLD_MS, however far ahead the worker’s clock puts it', () => {
    const groups = groupByInstant([at(600_000), at(MAX_HOLD_MS - 100)], START);
    expect(groups.map((group) => [group.firesAt.getTime() - START.getTime(), group.jobs.map((job) => job.id)])).toEqual(
      [[MAX_HOLD_MS - 100, [`job-${MAX_HOLD_MS - 100}`, 'job-600000']]],
    );
    expect(holdUntil(START.getTime() + 600_000, START).getTime() - START.getTime()).toBe(MAX_HOLD_MS);
  });
});
