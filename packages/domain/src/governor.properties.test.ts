import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS, SECOND_MS } from './duration';
import { DEFAULT_MAX_BACKOFF_MS } from './failure-backoff';
import { type PlanHints, type PlanInput, planNextRun, type RunPlan } from './governor';
import type { Pause } from './pause';
import type { Schedule } from './schedule';

const NOW_MS = Date.UTC(2026, 4, 4, 14, 0, 0);
const instant = (offsetMs: number) => new Date(NOW_MS + offsetMs);

const scheduleArbitrary: fc.Arbitrary<Schedule> = fc.oneof(
  fc.integer({ min: SECOND_MS, max: 6 * HOUR_MS }).map((intervalMs): Schedule => ({ type: 'interval', intervalMs })),
  fc
    .constantFrom('* * * * * *', '*/15 * * * * *', '* * * * *', '*/5 * * * *', '0 * * * *', '30 2 * * *', '0 9 * * 1-5')
    .chain((cron) =>
      fc
        .constantFrom('UTC', 'Europe/Berlin', 'Australia/Lord_Howe')
        .map((timezone): Schedule => ({ type: 'cron', cron, timezone })),
    ),
);

/** Offsets around now: hints and pauses that are fresh, about to expire, or long gone. */
const offsetArbitrary = fc.integer({ min: -6 * HOUR_MS, max: 6 * HOUR_MS });
const intervalArbitrary = fc.integer({ min: SECOND_MS, max: 2 * HOUR_MS });

const hintsArbitrary: fc.Arbitrary<PlanHints> = fc.record(
  {
    aiInterval: fc.record({
      intervalMs: intervalArbitrary,
      expiresAt: offsetArbitrary.map(instant),
      reason: fc.constant('ai'),
    }),
    aiOneShot: fc.record({
      runAt: offsetArbitrary.map(instant),
      expiresAt: offsetArbitrary.map(instant),
      reason: fc.constant('ai'),
    }),
    manual: fc.record({
      intervalMs: fc.option(intervalArbitrary, { nil: null }),
      runAt: fc.option(offsetArbitrary.map(instant), { nil: null }),
      expiresAt: fc.option(offsetArbitrary.map(instant), { nil: null }),
      reason: fc.constant('person'),
    }),
  },
  { requiredKeys: [] },
);

const pauseArbitrary: fc.Arbitrary<Pause> = fc.record({
  until: fc.option(offsetArbitrary.map(instant), { nil: null }),
  reason: fc.constant('because'),
  pausedBy: fc.constantFrom('user', 'ai', 'system'),
});

const inputArbitrary: fc.Arbitrary<PlanInput> = fc.record({
  now: fc.constant(new Date(NOW_MS)),
  endpointId: fc.string({ minLength: 1, maxLength: 8 }),
  schedule: scheduleArbitrary,
  lastPlannedAt: fc.option(fc.integer({ min: -3 * HOUR_MS, max: 0 }).map(instant), { nil: null }),
  lastRunAt: fc.option(fc.integer({ min: -3 * HOUR_MS, max: 0 }).map(instant), { nil: null }),
  catchUp: fc.constantFrom('skip', 'once'),
  failureStreak: fc.integer({ min: 0, max: 8 }),
  minIntervalMs: fc.option(intervalArbitrary, { nil: null }),
  maxIntervalMs: fc.option(fc.integer({ min: SECOND_MS, max: 12 * HOUR_MS }), { nil: null }),
  tierMinIntervalMs: fc.constantFrom(SECOND_MS, 10 * SECOND_MS, 60 * SECOND_MS),
  hints: hintsArbitrary,
  pause: fc.option(pauseArbitrary, { nil: null }),
});

function latestRunMs(input: PlanInput): number | null {
  const times = [input.lastPlannedAt, input.lastRunAt]
    .filter((date): date is Date => date != null)
    .map((date) => date.getTime());
  return times.length === 0 ? null : Math.max(...times);
}

function withoutExpiredHints(input: PlanInput, plan: RunPlan): PlanInput {
  const hints: PlanHints = { ...input.hints };
  for (const expired of plan.expiredHints) {
    if (expired === 'ai-interval') delete hints.aiInterval;
    if (expired === 'ai-oneshot') delete hints.aiOneShot;
    if (expired === 'manual') delete hints.manual;
  }
  return { ...input, hints, pause: plan.expiredHints.includes('pause') ? null : input.pause };
}

describe('the governor (properties)', () => {
  it('never plans a run earlier than the effective minimum after the last run, nor before now', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const plan = planNextRun(input);
        if (plan.nextRunAt === null) return;
        expect(plan.nextRunAt.getTime()).toBeGreaterThanOrEqual(NOW_MS);
        const lastMs = latestRunMs(input);
        if (lastMs !== null) {
          const floorMs = Math.max(input.minIntervalMs ?? 0, input.tierMinIntervalMs);
          expect(plan.nextRunAt.getTime()).toBeGreaterThanOrEqual(lastMs + floorMs);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('never plans a run during a pause', () => {
    fc.assert(
      fc.property(inputArbitrary, pauseArbitrary, (input, pause) => {
        const plan = planNextRun({ ...input, pause });
        const isActive = pause.until === null || pause.until.getTime() > NOW_MS;
        if (!isActive) return;
        expect(plan.source).toBe('paused');
        if (pause.until === null) expect(plan.nextRunAt).toBeNull();
        else expect(plan.nextRunAt?.getTime()).toBeGreaterThanOrEqual(pause.until.getTime());
      }),
      { numRuns: 1_000 },
    );
  });

  it('gives the same plan with or without expired hints, apart from reporting them', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const plan = planNextRun(input);
        const cleared = planNextRun(withoutExpiredHints(input, plan));
        expect(cleared.expiredHints).toEqual([]);
        expect({ ...plan, expiredHints: [] }).toEqual(cleared);
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps the cap: no gap after the last run longer than the maximum, unless the floor demands it', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const plan = planNextRun({ ...input, pause: null });
        if (plan.nextRunAt === null || input.maxIntervalMs == null) return;
        const fromMs = latestRunMs(input) ?? NOW_MS;
        const floorMs = Math.max(input.minIntervalMs ?? 0, input.tierMinIntervalMs);
        const allowedMs = Math.max(fromMs + input.maxIntervalMs, NOW_MS, fromMs + floorMs);
        expect(plan.nextRunAt.getTime()).toBeLessThanOrEqual(allowedMs);
      }),
      { numRuns: 1_000 },
    );
  });

  it('does not drift over 10,000 interval runs with random execution delays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: SECOND_MS, max: HOUR_MS }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom<PlanInput['catchUp']>('skip', 'once'),
        (intervalMs, seed, catchUp) => {
          const anchorMs = NOW_MS;
          const runs = 10_000;
          let state = seed;
          const nextRandom = () => {
            // xorshift32: a reproducible stream of delays per generated seed.
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            return (state >>> 0) / 2 ** 32;
          };
          let lastPlannedAt = new Date(anchorMs);
          let lastRunAt = new Date(anchorMs);
          let nowMs = anchorMs + Math.floor(nextRandom() * intervalMs * 0.9);
          for (let run = 0; run < runs; run += 1) {
            const plan = planNextRun({
              now: new Date(nowMs),
              endpointId: 'drift',
              schedule: { type: 'interval', intervalMs },
              lastPlannedAt,
              lastRunAt,
              catchUp,
              failureStreak: 0,
              tierMinIntervalMs: SECOND_MS,
            });
            const nextRunAt = plan.nextRunAt ?? new Date(Number.NaN);
            lastPlannedAt = plan.anchorAt ?? new Date(Number.NaN);
            lastRunAt = nextRunAt;
            // The worker starts late by up to 90% of the interval and plans the next run then.
            nowMs = nextRunAt.getTime() + Math.floor(nextRandom() * intervalMs * 0.9);
          }
          expect(lastPlannedAt.getTime()).toBe(anchorMs + runs * intervalMs);
        },
      ),
      { numRuns: 5 },
    );
    // 50,000 plans take a few seconds on a loaded two-core machine; the default 5 s is too tight.
  }, 30_000);

  it('stays on the grid when runs overrun and slots are skipped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: SECOND_MS, max: 10 * MINUTE_MS }),
        fc.array(fc.integer({ min: 0, max: 5 * 10 * MINUTE_MS }), { minLength: 1, maxLength: 200 }),
        (intervalMs, delays) => {
          let lastPlannedAt = new Date(NOW_MS);
          let nowMs = NOW_MS;
          for (const delayMs of delays) {
            const plan = planNextRun({
              now: new Date(nowMs),
              endpointId: 'grid',
              schedule: { type: 'interval', intervalMs },
              lastPlannedAt,
              catchUp: 'skip',
              failureStreak: 0,
              tierMinIntervalMs: SECOND_MS,
            });
            lastPlannedAt = plan.anchorAt ?? new Date(Number.NaN);
            expect((lastPlannedAt.getTime() - NOW_MS) % intervalMs).toBe(0);
            expect(plan.nextRunAt?.getTime()).toBeGreaterThanOrEqual(nowMs);
            nowMs = (plan.nextRunAt?.getTime() ?? 0) + delayMs;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('backoff jitter bounds (property)', () => {
  it('stays within ±10% of the backed-off interval', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: SECOND_MS, max: HOUR_MS }),
        (endpointId, failureStreak, intervalMs) => {
          const plan = planNextRun({
            now: new Date(NOW_MS),
            endpointId: endpointId || 'x',
            schedule: { type: 'interval', intervalMs },
            lastPlannedAt: new Date(NOW_MS),
            catchUp: 'skip',
            failureStreak,
            tierMinIntervalMs: 0,
          });
          const delayMs = Math.min(intervalMs * 2 ** Math.min(failureStreak, 5), DEFAULT_MAX_BACKOFF_MS);
          const offsetMs = (plan.nextRunAt?.getTime() ?? 0) - (NOW_MS + delayMs);
          expect(Math.abs(offsetMs)).toBeLessThanOrEqual(delayMs * 0.1);
          expect(plan.anchorAt?.getTime()).toBe(NOW_MS + delayMs);
        },
      ),
      { numRuns: 500 },
    );
  });
});
