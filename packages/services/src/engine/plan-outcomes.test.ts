import type { ExecutionTarget } from '@cronwise/db';
import { DEFAULT_TIER_LIMITS } from '@cronwise/domain';
import type { ExecuteOccurrencePayload } from '@cronwise/jobs';
import { describe, expect, it } from 'vitest';
import { MASKED_SECRET_VALUE } from '../endpoints/endpoint-headers';
import type { DispatchResult } from './dispatcher';
import { classify } from './execute-occurrences';
import { type ClaimedOccurrence, type OutcomeContext, planOutcomes } from './plan-outcomes';

const ENDPOINT_ID = '0190a000-0000-7000-8000-000000000001';
const PLANNED_AT = new Date('2026-12-01T10:01:00.000Z');
const NOW = new Date('2026-12-01T10:01:00.300Z');

function target(overrides: Partial<ExecutionTarget> = {}): ExecutionTarget {
  return {
    id: ENDPOINT_ID,
    jobId: '0190a000-0000-7000-8000-000000000002',
    userId: '0190a000-0000-7000-8000-000000000003',
    name: 'hook',
    url: 'http://127.0.0.1:9/hook',
    method: 'GET',
    headers: [{ name: 'Authorization', value: 'sealed', isSecret: true }],
    body: null,
    timeoutMs: 10_000,
    scheduleType: 'interval',
    intervalMs: 60_000,
    cron: null,
    timezone: null,
    minIntervalMs: null,
    maxIntervalMs: null,
    retryMaxAttempts: 3,
    retryBaseDelayMs: 100,
    retryMaxDelayMs: 1_000,
    successStatusCodes: '2xx',
    overlapPolicy: 'allow',
    catchUpPolicy: 'once',
    isSigned: false,
    pausedAt: null,
    pausedUntil: null,
    pauseReason: null,
    pausedBy: null,
    nextRunAt: PLANNED_AT,
    lastPlannedAt: new Date('2026-12-01T10:00:00.000Z'),
    lastRunAt: new Date('2026-12-01T10:00:00.000Z'),
    lastScheduledRunAt: new Date('2026-12-01T10:00:00.000Z'),
    failureStreak: 0,
    scheduleVersion: 1,
    currentOccurrenceId: 'occ_current',
    inFlightSince: null,
    aiIntervalMs: null,
    aiIntervalExpiresAt: null,
    aiIntervalReason: null,
    aiOneShotAt: null,
    aiOneShotExpiresAt: null,
    aiOneShotReason: null,
    manualIntervalMs: null,
    manualRunAt: null,
    manualExpiresAt: null,
    manualReason: null,
    tier: 'enterprise',
    jobStatus: 'active',
    isAlertWatched: false,
    aiMode: 'off',
    lastRunStatus: 'success',
    aiSignal: null,
    ...overrides,
  };
}

function payload(overrides: Partial<ExecuteOccurrencePayload> = {}): ExecuteOccurrencePayload {
  return {
    endpointId: ENDPOINT_ID,
    occurrenceId: 'occ_current',
    kind: 'scheduled',
    attempt: 1,
    scheduleVersion: 1,
    plannedAt: PLANNED_AT.toISOString(),
    anchorAt: null,
    source: 'baseline-interval',
    explanation: 'every minute',
    consumesOneShot: null,
    ...overrides,
  };
}

function claimed(
  targetOverrides: Partial<ExecutionTarget> = {},
  payloadOverrides: Partial<ExecuteOccurrencePayload> = {},
) {
  return { payload: payload(payloadOverrides), target: target(targetOverrides), isRedelivery: false };
}

function answered(status: number, headers: { retryAfter?: string } = {}): DispatchResult {
  return {
    outcome: { kind: 'http', status, retryAfter: headers.retryAfter ?? null },
    statusCode: status,
    startedAt: new Date(PLANNED_AT.getTime() + 12),
    finishedAt: new Date(PLANNED_AT.getTime() + 40),
    durationMs: 28,
    response: { body: '{"ok":true}', isTruncated: false, contentType: 'application/json', sizeBytes: 11, headers: {} },
    error: status >= 400 ? `HTTP ${status}` : null,
    finalUrl: 'http://127.0.0.1:9/hook',
    redirects: [],
  };
}

function dispatched(occurrence: ClaimedOccurrence, result: DispatchResult) {
  return { kind: 'dispatched' as const, occurrence, result };
}

let nextId = 0;
function context(overrides: Partial<OutcomeContext> = {}): OutcomeContext {
  return {
    decidedAt: PLANNED_AT,
    now: NOW,
    tierLimits: DEFAULT_TIER_LIMITS,
    autoPauseAfterFailures: 15,
    random: () => 0.5,
    newOccurrenceId: () => `occ_next_${++nextId}`,
    ...overrides,
  };
}

describe('planOutcomes', () => {
  it('records a success with its lateness and queues the next occurrence on the grid', () => {
    const plan = planOutcomes([dispatched(claimed(), answered(200))], context({ newOccurrenceId: () => 'occ_next' }));

    expect(plan.counts).toEqual({ dispatched: 1, skipped: 0, quotaExceeded: 0 });
    expect(plan.runs).toHaveLength(1);
    expect(plan.runs[0]).toMatchObject({ status: 'success', statusCode: 200, latenessMs: 12, attempt: 1 });
    // The stored secret header is masked in what the run shows.
    expect(plan.runs[0]?.requestSnapshot).toMatchObject({
      headers: [{ name: 'Authorization', value: MASKED_SECRET_VALUE }],
    });
    expect(plan.stateUpdates).toEqual([
      expect.objectContaining({
        id: ENDPOINT_ID,
        expectedOccurrenceId: 'occ_current',
        failureStreak: 0,
        lastRunStatus: 'success',
        lastPlannedAt: PLANNED_AT,
        nextRunAt: new Date('2026-12-01T10:02:00.000Z'),
        currentOccurrenceId: 'occ_next',
        pendingOccurrence: null,
      }),
    ]);
    const next = plan.nextJobs.get(ENDPOINT_ID);
    expect(next?.data).toMatchObject({ occurrenceId: 'occ_next', kind: 'scheduled', attempt: 1 });
    expect(next?.data?.plannedAt).toBe('2026-12-01T10:02:00.000Z');
    expect(next?.singletonKey).toBe(ENDPOINT_ID);
    expect(plan.retryJobs).toEqual([]);
  });

  it('plans a retry of a failed attempt after the Retry-After the target sent, and counts the failure', () => {
    const occurrence = claimed();
    const plan = planOutcomes([dispatched(occurrence, answered(503, { retryAfter: '7' }))], context());

    expect(plan.runs[0]).toMatchObject({ status: 'failure', statusCode: 503 });
    expect(plan.retryJobs).toHaveLength(1);
    expect(plan.retryJobs[0]).toMatchObject({
      singletonKey: 'retry:occ_current',
      startAfter: new Date(NOW.getTime() + 7_000),
      data: { kind: 'retry', attempt: 2, occurrenceId: 'occ_current', source: 'retry' },
    });
    expect(plan.retryJobs[0]?.data?.explanation).toBe('retry 2 of 3 after HTTP 503, 7 s later');
    expect(plan.stateUpdates[0]).toMatchObject({ failureStreak: 1, lastRunStatus: 'failure' });
    // The regular schedule still moves on from the first attempt.
    expect(plan.nextJobs.has(ENDPOINT_ID)).toBe(true);
  });

  it('plans no further retry once the last attempt has failed; a retry does not lengthen the streak', () => {
    const lastAttempt = claimed({ failureStreak: 1 }, { kind: 'retry', attempt: 3, source: 'retry' });
    const plan = planOutcomes([dispatched(lastAttempt, answered(503))], context());

    expect(plan.runs[0]).toMatchObject({ status: 'failure', attempt: 3, source: 'retry' });
    expect(plan.retryJobs).toEqual([]);
    expect(plan.stateUpdates).toEqual([]);
    expect(plan.streakUpdates).toEqual([
      { id: ENDPOINT_ID, failureStreak: 1, lastRunStatus: 'failure', lastRunAt: NOW },
    ]);
  });

  it('pauses the endpoint when a failure completes the streak, and plans no next occurrence', () => {
    const plan = planOutcomes(
      [dispatched(claimed({ failureStreak: 2, retryMaxAttempts: 1 }), answered(404))],
      context({ autoPauseAfterFailures: 3 }),
    );

    expect(plan.stateUpdates).toEqual([
      expect.objectContaining({
        failureStreak: 3,
        nextRunAt: null,
        nextRunSource: 'paused',
        currentOccurrenceId: null,
        pauseReason: 'auto-paused after 3 consecutive failures',
        pausedAt: NOW,
      }),
    ]);
    expect(plan.nextJobs.size).toBe(0);
    expect(plan.retryJobs).toEqual([]);
  });

  it('records quota_exceeded without a call and defers the endpoint to the first instant of next month', () => {
    const plan = planOutcomes(
      [{ kind: 'quota-exceeded', occurrence: claimed(), limit: 10_000 }],
      context({ newOccurrenceId: () => 'occ_january' }),
    );

    expect(plan.counts).toEqual({ dispatched: 0, skipped: 0, quotaExceeded: 1 });
    expect(plan.runs[0]).toMatchObject({ status: 'quota_exceeded', startedAt: null, finishedAt: PLANNED_AT });
    expect(plan.runs[0]?.error).toMatch(/monthly run limit of 10,000 reached/);
    const update = plan.stateUpdates[0];
    expect(update).toMatchObject({
      nextRunAt: new Date('2027-01-01T00:00:00.000Z'),
      nextRunSource: 'quota',
      currentOccurrenceId: 'occ_january',
      failureStreak: 0,
    });
    // A month away is beyond the horizon: the occurrence waits on the endpoint row.
    expect(plan.nextJobs.size).toBe(0);
    expect(update?.pendingOccurrence).toMatchObject({
      occurrenceId: 'occ_january',
      plannedAt: '2027-01-01T00:00:00.000Z',
      consumesOneShot: null,
    });
  });

  it('records a skipped run when the previous run is still in flight, keeping the schedule moving', () => {
    const plan = planOutcomes(
      [{ kind: 'skip-overlap', occurrence: claimed(), reason: 'skipped: the previous run is still in flight' }],
      context(),
    );

    expect(plan.counts.skipped).toBe(1);
    expect(plan.runs[0]).toMatchObject({ status: 'skipped', error: 'skipped: the previous run is still in flight' });
    expect(plan.stateUpdates[0]).toMatchObject({ failureStreak: 0, nextRunAt: new Date('2026-12-01T10:02:00.000Z') });
  });

  it('keeps a next occurrence beyond the horizon on the endpoint row instead of queuing it', () => {
    const hourly = claimed({ intervalMs: 60 * 60_000 }, { anchorAt: '2026-12-01T10:00:59.000Z' });
    const plan = planOutcomes([dispatched(hourly, answered(200))], context({ newOccurrenceId: () => 'occ_later' }));

    const update = plan.stateUpdates[0];
    expect(update?.lastPlannedAt).toEqual(new Date('2026-12-01T10:00:59.000Z'));
    expect(update?.nextRunAt?.getTime()).toBeGreaterThan(NOW.getTime() + 5 * 60_000);
    expect(update?.pendingOccurrence).toMatchObject({ occurrenceId: 'occ_later', kind: 'scheduled' });
    expect(plan.nextJobs.size).toBe(0);
  });

  it('moves only the streak after a run-now, and hands AI-enabled endpoints to the planner', () => {
    const runNow = claimed({ aiMode: 'suggest' }, { kind: 'run-now', source: 'run-now' });
    const plan = planOutcomes([dispatched(runNow, answered(500))], context());

    expect(plan.stateUpdates).toEqual([]);
    expect(plan.streakUpdates).toEqual([
      { id: ENDPOINT_ID, failureStreak: 1, lastRunStatus: 'failure', lastRunAt: NOW },
    ]);
    expect(plan.observations).toEqual([
      { target: runNow.target, run: { status: 'failure', streak: 1, body: '{"ok":true}' } },
    ]);
  });
});

describe('classify', () => {
  it('drops an occurrence whose endpoint names another one (stale), a paused endpoint, and a missing one', () => {
    const jobs = [
      { payload: payload({ occurrenceId: 'occ_old' }), isRedelivery: false },
      { payload: payload({ endpointId: '0190a000-0000-7000-8000-00000000000f' }), isRedelivery: false },
    ];
    const classified = classify(jobs, [target()], NOW);

    expect(classified.decisions).toEqual([]);
    expect(classified.dropped.map((dropped) => dropped.reason)).toEqual([
      'stale: the schedule changed after it was queued',
      'endpoint no longer exists',
    ]);
    const paused = classify([{ payload: payload(), isRedelivery: false }], [target({ pausedAt: PLANNED_AT })], NOW);
    expect(paused.dropped[0]?.reason).toBe('the endpoint is paused');
  });

  it('dispatches the current occurrence, and skips a second one while the first is in flight', () => {
    const runNow = payload({ occurrenceId: 'occ_run_now', kind: 'run-now', source: 'run-now' });
    const classified = classify(
      [
        { payload: payload(), isRedelivery: false },
        { payload: runNow, isRedelivery: false },
      ],
      [target({ overlapPolicy: 'skip' })],
      NOW,
    );

    expect(classified.decisions.map((decision) => decision.kind)).toEqual(['dispatch', 'skip-overlap']);
  });
});
