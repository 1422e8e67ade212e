import { findEndpointById, updateEndpointSchedule, withTransaction } from '@cronwise/db';
import { describe, expect, it } from 'vitest';
import { claim, makeEndpointFor, queuedOccurrences } from '../testing';
import { useEngineTestbed } from '../testing/engine-testbed';
import { executeOccurrences } from './execute-occurrences';
import { OCCURRENCE_HORIZON_MS } from './occurrences';
import { queueDueOccurrences } from './queue-due-occurrences';
import { reconcileOccurrences } from './reconcile-occurrences';
import { rescheduleEndpoint } from './reschedule-endpoint';

const START = new Date('2026-12-01T10:00:00.000Z');
const HOUR_MS = 60 * 60_000;
const bed = useEngineTestbed(START);
const { clock } = bed;

async function hourlyEndpoint(overrides: Record<string, unknown> = {}) {
  clock.set(START);
  const { endpoint } = await makeEndpointFor(bed.harness.deps, {
    url: bed.target.url(),
    overrides: { intervalMs: HOUR_MS, ...overrides },
  });
  const scheduled = await withTransaction(bed.harness.deps.db, (tx) =>
    rescheduleEndpoint(bed.harness.deps, tx, endpoint.id),
  );
  return { endpoint, scheduled };
}

async function waiting(endpointId: string) {
  return (await queuedOccurrences(bed.harness.deps, endpointId)).filter((job) => job.state === 'created');
}

describe('near-horizon occurrences', () => {
  it('keeps an occurrence beyond the horizon on the endpoint row, then queues it unchanged once it is near', async () => {
    const { endpoint, scheduled } = await hourlyEndpoint();
    expect(scheduled.nextRunAt?.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(await waiting(endpoint.id)).toEqual([]);
    const row = await findEndpointById(bed.harness.deps.db, endpoint.id);
    expect(row?.pendingOccurrence).toMatchObject({
      occurrenceId: scheduled.currentOccurrenceId,
      plannedAt: '2026-12-01T11:00:00.000Z',
      kind: 'scheduled',
    });

    clock.set(new Date(Date.parse('2026-12-01T11:00:00.000Z') - OCCURRENCE_HORIZON_MS - 60_000));
    expect((await queueDueOccurrences(bed.harness.deps)).queued).toBe(0);
    expect(await waiting(endpoint.id)).toEqual([]);

    clock.set(new Date('2026-12-01T10:56:00.000Z'));
    expect((await queueDueOccurrences(bed.harness.deps)).queued).toBeGreaterThanOrEqual(1);
    const [queued] = await waiting(endpoint.id);
    // Claimable OCCURRENCE_CLAIM_LEAD_MS (500 ms) before its planned instant, which it keeps.
    expect(queued?.data.plannedAt).toBe('2026-12-01T11:00:00.000Z');
    expect(queued?.startAfter.toISOString()).toBe('2026-12-01T10:59:59.500Z');
    expect(queued?.data.occurrenceId).toBe(scheduled.currentOccurrenceId);
    expect((await findEndpointById(bed.harness.deps.db, endpoint.id))?.pendingOccurrence).toBeNull();
    // A second pass queues nothing twice.
    await queueDueOccurrences(bed.harness.deps);
    expect(await waiting(endpoint.id)).toHaveLength(1);

    // It runs like any occurrence, and the next one (an hour later) waits on the row again.
    clock.set(new Date('2026-12-01T11:00:00.050Z'));
    const summary = await executeOccurrences(bed.harness.deps, [await claim(bed.harness.deps, queued as never)]);
    expect(summary.recorded).toBe(1);
    const after = await findEndpointById(bed.harness.deps.db, endpoint.id);
    expect(after?.nextRunAt?.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(after?.pendingOccurrence).toMatchObject({ plannedAt: '2026-12-01T12:00:00.000Z' });
    expect(await waiting(endpoint.id)).toEqual([]);
  });

  it('an edit replaces a waiting occurrence, and one that moves a queued occurrence far away removes it from the queue', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: bed.target.url(),
      overrides: { intervalMs: 120_000 },
    });
    clock.set(START);
    const near = await withTransaction(bed.harness.deps.db, (tx) =>
      rescheduleEndpoint(bed.harness.deps, tx, endpoint.id),
    );
    expect(await waiting(endpoint.id)).toHaveLength(1);

    const far = await withTransaction(bed.harness.deps.db, async (tx) => {
      await updateEndpointSchedule(tx, endpoint.id, { intervalMs: 6 * HOUR_MS });
      return rescheduleEndpoint(bed.harness.deps, tx, endpoint.id);
    });
    expect(far.currentOccurrenceId).not.toBe(near.currentOccurrenceId);
    expect(await waiting(endpoint.id)).toEqual([]);
    expect((await findEndpointById(bed.harness.deps.db, endpoint.id))?.pendingOccurrence).toMatchObject({
      occurrenceId: far.currentOccurrenceId,
    });

    const back = await withTransaction(bed.harness.deps.db, async (tx) => {
      await updateEndpointSchedule(tx, endpoint.id, { intervalMs: 60_000 });
      return rescheduleEndpoint(bed.harness.deps, tx, endpoint.id);
    });
    const queued = await waiting(endpoint.id);
    expect(queued.map((job) => job.data.occurrenceId)).toEqual([back.currentOccurrenceId]);
    expect((await findEndpointById(bed.harness.deps.db, endpoint.id))?.pendingOccurrence).toBeNull();
  });

  it('leaves an occurrence overdue past the grace to reconcile, which applies the catch-up policy', async () => {
    const { endpoint } = await hourlyEndpoint({ catchUpPolicy: 'skip' });
    clock.set(new Date('2026-12-01T11:30:00.000Z'));
    await queueDueOccurrences(bed.harness.deps);
    expect(await waiting(endpoint.id)).toEqual([]);

    const { repaired } = await reconcileOccurrences(bed.harness.deps);
    expect(repaired).toContain(endpoint.id);
    const after = await findEndpointById(bed.harness.deps.db, endpoint.id);
    // Catch-up "skip": the missed 11:00 slot is not fired late; the endpoint never ran, so the
    // interval counts from the repair.
    expect(after?.nextRunAt?.toISOString()).toBe('2026-12-01T12:30:00.000Z');
    expect(after?.pendingOccurrence).toMatchObject({ occurrenceId: after?.currentOccurrenceId });
  });
});
