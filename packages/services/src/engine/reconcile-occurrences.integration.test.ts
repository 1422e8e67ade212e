import { findEndpointById, withTransaction } from '@cronwise/db';
import { QUEUE } from '@cronwise/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, ManualClock, makeEndpointFor, queuedOccurrences, startEngineHarness } from '../testing';
import { reconcileOccurrences } from './reconcile-occurrences';
import { rescheduleEndpoint } from './reschedule-endpoint';

const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
let harness: EngineHarness;

beforeAll(async () => {
  harness = await startEngineHarness({ clock });
});
afterAll(async () => {
  await harness.close();
});

async function scheduled(overrides: Record<string, unknown> = {}) {
  const { endpoint, job } = await makeEndpointFor(harness.deps, {
    url: 'http://127.0.0.1:9/never-called',
    overrides: { intervalMs: 60_000, ...overrides },
  });
  await withTransaction(harness.deps.db, (tx) => rescheduleEndpoint(harness.deps, tx, endpoint.id));
  return { endpoint, job };
}

/** Simulates an endpoint that last ran at 10:00 and then lost its queued occurrence. */
async function loseQueuedOccurrence(endpointId: string) {
  await harness.deps.db.endpoint.update({
    where: { id: endpointId },
    data: { lastPlannedAt: new Date('2026-12-01T10:00:00.000Z'), lastRunAt: new Date('2026-12-01T10:00:00.000Z') },
  });
  await harness.deps.sql.query('DELETE FROM pgboss.job WHERE name = $1 AND singleton_key = $2', [
    QUEUE.executeOccurrence,
    endpointId,
  ]);
}

describe('reconcile', () => {
  it('re-creates a lost occurrence and runs once for the missed slots with catch-up "once"', async () => {
    const { endpoint } = await scheduled({ catchUpPolicy: 'once' });
    await loseQueuedOccurrence(endpoint.id);
    clock.advance(10 * 60_000);

    const { repaired } = await reconcileOccurrences(harness.deps);

    expect(repaired).toContain(endpoint.id);
    const queued = (await queuedOccurrences(harness.deps, endpoint.id)).filter((job) => job.state === 'created');
    expect(queued).toHaveLength(1);
    expect(queued[0]?.data.plannedAt).toBe(clock.now().toISOString());
    const after = await findEndpointById(harness.deps.db, endpoint.id);
    expect(after?.nextRunExplanation).toMatch(/catch up on \d+ missed runs/);
  });

  it('skips to the next slot with catch-up "skip" instead of replaying missed slots', async () => {
    const { endpoint } = await scheduled({ catchUpPolicy: 'skip' });
    await loseQueuedOccurrence(endpoint.id);
    clock.advance(5 * 60_000 + 30_000);

    await reconcileOccurrences(harness.deps);

    const queued = (await queuedOccurrences(harness.deps, endpoint.id)).filter((job) => job.state === 'created');
    expect(queued).toHaveLength(1);
    const plannedAt = Date.parse(queued[0]?.data.plannedAt ?? '');
    expect(plannedAt).toBeGreaterThan(clock.now().getTime());
    expect(plannedAt % 60_000).toBe(0);
  });

  it('treats an occurrence left "active" by a worker that stopped heartbeating as lost, and one that beats as live', async () => {
    const orphaned = await scheduled({ catchUpPolicy: 'once' });
    const running = await scheduled({ catchUpPolicy: 'once' });
    for (const { endpoint } of [orphaned, running]) {
      await harness.deps.db.endpoint.update({
        where: { id: endpoint.id },
        data: { lastPlannedAt: clock.now(), lastRunAt: clock.now() },
      });
    }
    clock.advance(10 * 60_000);
    const beat = async (endpointId: string, ageMs: number) =>
      harness.deps.sql.query(
        `UPDATE pgboss.job SET state = 'active', started_on = $3::timestamptz, heartbeat_on = $3::timestamptz
          WHERE name = $1 AND singleton_key = $2`,
        [QUEUE.executeOccurrence, endpointId, new Date(clock.now().getTime() - ageMs).toISOString()],
      );
    await beat(orphaned.endpoint.id, 5 * 60_000);
    await beat(running.endpoint.id, 2_000);

    const { repaired } = await reconcileOccurrences(harness.deps);

    expect(repaired).toContain(orphaned.endpoint.id);
    expect(repaired).not.toContain(running.endpoint.id);
    // The orphan, should pg-boss ever retry it, now carries a stale occurrence id and is dropped.
    const after = await findEndpointById(harness.deps.db, orphaned.endpoint.id);
    const orphanJob = (await queuedOccurrences(harness.deps, orphaned.endpoint.id)).find(
      (job) => job.state === 'active',
    );
    expect(orphanJob?.data.occurrenceId).not.toBe(after?.currentOccurrenceId);
  });

  it('leaves endpoints alone whose occurrence is still queued, paused, or in a paused job', async () => {
    const healthy = await scheduled();
    const paused = await scheduled();
    await harness.deps.db.endpoint.update({
      where: { id: paused.endpoint.id },
      data: { pausedAt: clock.now(), pauseReason: 'maintenance', pausedBy: 'user' },
    });
    await withTransaction(harness.deps.db, (tx) => rescheduleEndpoint(harness.deps, tx, paused.endpoint.id));
    const inPausedJob = await scheduled();
    await harness.deps.db.job.update({ where: { id: inPausedJob.job.id }, data: { status: 'paused' } });
    await loseQueuedOccurrence(inPausedJob.endpoint.id);
    clock.advance(10 * 60_000);

    const { repaired } = await reconcileOccurrences(harness.deps);

    expect(repaired).not.toContain(healthy.endpoint.id);
    expect(repaired).not.toContain(paused.endpoint.id);
    expect(repaired).not.toContain(inPausedJob.endpoint.id);
  });
});
