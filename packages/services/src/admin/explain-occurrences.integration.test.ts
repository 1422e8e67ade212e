import { OCCURRENCE_CLAIM_LEAD_MS } from '@cronwise/jobs';
import { describe, expect, it } from 'vitest';
import { makeEndpointFor, queuedOccurrences } from '../testing';
import { useEngineTestbed } from '../testing/engine-testbed';
import { explainOccurrences } from './explain-occurrences';

// pg-boss deletes jobs that start far in the past, so the virtual clock starts at the coming minute.
const START = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
const bed = useEngineTestbed(START);
const at = (offsetMs: number) => new Date(START.getTime() + offsetMs);

describe('explainOccurrences', () => {
  it('names the plan minimum that held back a short interval, the queued job and the runs that follow', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      tier: 'free',
      url: `${bed.target.url}/fast`,
      // It just ran: the next slot (20 s on) is closer than the free plan's minute allows.
      overrides: { intervalMs: 20_000, lastPlannedAt: at(0), lastScheduledRunAt: at(0), lastRunAt: at(0) },
    });
    await bed.schedule(endpoint.id);

    const explained = await explainOccurrences(bed.harness.deps, endpoint.id);

    expect(explained.schedule).toMatchObject({ type: 'interval', intervalMs: 20_000, description: 'every 20 s' });
    expect(explained.endpoint).toMatchObject({ id: endpoint.id, tier: 'free', jobStatus: 'active' });
    expect(explained.governorInputs).toMatchObject({ tierMinIntervalMs: 60_000, failureStreak: 0 });
    expect(explained.planned).toMatchObject({ at: at(60_000), source: 'clamped-min' });
    expect(explained.planned?.explanation).toContain("clamped to your plan's 1 min minimum");
    expect(explained.clamps.find((clamp) => clamp.name === 'tier-minimum')).toMatchObject({ isActive: true });
    expect(explained.clamps.find((clamp) => clamp.name === 'quota')).toMatchObject({
      isActive: false,
      detail: expect.stringContaining('0 of 10,000 runs used'),
    });
    const [job] = await queuedOccurrences(bed.harness.deps, endpoint.id);
    expect(explained.queued).toEqual([
      expect.objectContaining({
        location: 'queue',
        jobId: job?.id,
        state: 'created',
        kind: 'scheduled',
        startAfter: at(60_000 - OCCURRENCE_CLAIM_LEAD_MS),
        isCurrent: true,
      }),
    ]);
    // Each later run is held to the floor from the one before.
    expect(explained.upcoming.map((run) => run.at)).toEqual([120_000, 180_000, 240_000, 300_000, 360_000].map(at));
    expect(explained.upcoming.every((run) => run.source === 'clamped-min')).toBe(true);
    expect(explained.findings).toEqual([]);
  });

  it('shows hints with their expiry, a manual override setting the AI hint aside, and an occurrence beyond the horizon', async () => {
    const { endpoint } = await makeEndpointFor(bed.harness.deps, {
      url: `${bed.target.url}/hinted`,
      overrides: {
        intervalMs: 3_600_000,
        aiIntervalMs: 600_000,
        aiIntervalExpiresAt: at(7_200_000),
        aiIntervalReason: 'queue is backing up',
        manualIntervalMs: 1_800_000,
        manualExpiresAt: at(86_400_000),
        manualReason: 'migration week',
      },
    });
    await bed.schedule(endpoint.id);

    const explained = await explainOccurrences(bed.harness.deps, endpoint.id);

    expect(explained.hints).toEqual([
      expect.objectContaining({ kind: 'manual', intervalMs: 1_800_000, isInForce: true, reason: 'migration week' }),
      expect.objectContaining({
        kind: 'ai-interval',
        intervalMs: 600_000,
        expiresAt: at(7_200_000),
        isInForce: false,
        note: expect.stringContaining('set aside while a manual override is in force'),
      }),
    ]);
    expect(explained.planned).toMatchObject({ at: at(1_800_000), source: 'manual' });
    // Thirty minutes ahead is beyond the five-minute horizon: the occurrence waits on the row.
    expect(explained.queued).toEqual([
      expect.objectContaining({ location: 'endpoint-row', jobId: null, startAfter: at(1_800_000), isCurrent: true }),
    ]);
    expect(explained.findings).toEqual([]);
  });

  it('reports a lost occurrence, a paused endpoint and a quota that is spent', async () => {
    const { endpoint, user } = await makeEndpointFor(bed.harness.deps, {
      tier: 'free',
      url: `${bed.target.url}/lost`,
      overrides: { intervalMs: 60_000 },
    });
    await bed.schedule(endpoint.id);
    await bed.harness.deps.sql.query(`DELETE FROM pgboss.job WHERE singleton_key = $1`, [endpoint.id]);
    bed.clock.set(at(5 * 60_000));
    const month = `${START.getUTCFullYear()}-${String(START.getUTCMonth() + 1).padStart(2, '0')}`;
    await bed.harness.deps.db.usageLedger.create({ data: { userId: user.id, month, runs: 10_000 } });

    const lost = await explainOccurrences(bed.harness.deps, endpoint.id);
    expect(lost.queued).toEqual([]);
    expect(lost.findings).toEqual([
      expect.stringMatching(/^no occurrence is queued and the planned run is 4 min overdue/),
    ]);
    expect(lost.clamps.find((clamp) => clamp.name === 'quota')).toMatchObject({ isActive: true });

    await bed.harness.deps.db.endpoint.update({
      where: { id: endpoint.id },
      data: { pausedAt: at(0), pauseReason: 'maintenance', pausedBy: 'user', nextRunAt: null },
    });
    const paused = await explainOccurrences(bed.harness.deps, endpoint.id);
    expect(paused.planned).toBeNull();
    expect(paused.upcoming).toEqual([]);
    expect(paused.clamps.find((clamp) => clamp.name === 'pause')).toMatchObject({
      isActive: true,
      detail: expect.stringContaining('until resumed (maintenance)'),
    });
    expect(paused.findings).toEqual([]);
  });

  it('refuses a malformed id and says an unknown one was not found', async () => {
    await expect(explainOccurrences(bed.harness.deps, 'not-an-id')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('"not-an-id" is not an endpoint id'),
    });
    await expect(explainOccurrences(bed.harness.deps, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
