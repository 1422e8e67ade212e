import { describe, expect, it, vi } from 'vitest';
import readme from '../README.md?raw';
import { HOUR_MS, MINUTE_MS, SECOND_MS } from './duration';
import { AppError, ErrorCode } from './errors';
import { backoffJitterMs } from './failure-backoff';
import { type PlanInput, planNextRun, type RunPlan } from './governor';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

const base: PlanInput = {
  now: at('2026-05-04T14:00:05Z'),
  endpointId: 'ep_1',
  schedule: { type: 'interval', intervalMs: 5 * MINUTE_MS },
  lastPlannedAt: at('2026-05-04T14:00:00Z'),
  catchUp: 'skip',
  failureStreak: 0,
  tierMinIntervalMs: 60 * SECOND_MS,
  timezoneForDisplay: 'UTC',
};

function plan(overrides: Partial<PlanInput> = {}): RunPlan {
  return planNextRun({ ...base, ...overrides });
}

describe('interval baseline', () => {
  it('runs one interval after the previous planned time, not after now', () => {
    const result = plan({ now: at('2026-05-04T14:00:47Z') });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:05:00.000Z');
    expect(iso(result.anchorAt)).toBe('2026-05-04T14:05:00.000Z');
    expect(result.source).toBe('baseline-interval');
    expect(result.origin).toBe('baseline-interval');
    expect(result.explanation).toBe('every 5 min (baseline)');
    expect(result.expiredHints).toEqual([]);
    expect(result.consumesOneShot).toBeNull();
  });

  it('anchors a never-planned endpoint at now', () => {
    expect(iso(plan({ lastPlannedAt: null }).nextRunAt)).toBe('2026-05-04T14:05:05.000Z');
  });

  it('treats a slot exactly at now as due, not missed', () => {
    const result = plan({ now: at('2026-05-04T14:05:00Z') });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:05:00.000Z');
    expect(result.explanation).toBe('every 5 min (baseline)');
  });

  it('skips missed slots to the next slot on the grid with catch-up "skip"', () => {
    const result = plan({ now: at('2026-05-04T14:17:00Z'), catchUp: 'skip' });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:20:00.000Z');
    expect(iso(result.anchorAt)).toBe('2026-05-04T14:20:00.000Z');
    expect(result.explanation).toBe('every 5 min (baseline), skipping 3 missed runs');
  });

  it('runs once now for all missed slots with catch-up "once", then returns to the grid', () => {
    const catchUp = plan({ now: at('2026-05-04T14:17:00Z'), catchUp: 'once', lastRunAt: at('2026-05-04T14:00:00Z') });
    expect(iso(catchUp.nextRunAt)).toBe('2026-05-04T14:17:00.000Z');
    expect(iso(catchUp.anchorAt)).toBe('2026-05-04T14:15:00.000Z');
    expect(catchUp.explanation).toBe('every 5 min (baseline), running once now to catch up on 3 missed runs');

    const afterwards = plan({
      now: at('2026-05-04T14:17:02Z'),
      catchUp: 'once',
      lastPlannedAt: catchUp.anchorAt,
      lastRunAt: catchUp.nextRunAt,
    });
    expect(iso(afterwards.nextRunAt)).toBe('2026-05-04T14:20:00.000Z');
  });

  it('anchors a catch-up run that lands exactly on a slot at that slot, so the slot does not run twice', () => {
    const catchUp = plan({ now: at('2026-05-04T14:20:00Z'), catchUp: 'once', lastRunAt: at('2026-05-04T14:00:00Z') });
    expect(iso(catchUp.nextRunAt)).toBe('2026-05-04T14:20:00.000Z');
    expect(iso(catchUp.anchorAt)).toBe('2026-05-04T14:20:00.000Z');
    expect(catchUp.explanation).toBe('every 5 min (baseline), running once now to catch up on 3 missed runs');

    const afterwards = plan({
      now: at('2026-05-04T14:20:00Z'),
      catchUp: 'once',
      lastPlannedAt: catchUp.anchorAt,
      lastRunAt: catchUp.nextRunAt,
    });
    expect(iso(afterwards.nextRunAt)).toBe('2026-05-04T14:25:00.000Z');
    expect(afterwards.source).toBe('baseline-interval');
  });

  it('says "1 missed run" in the singular', () => {
    expect(plan({ now: at('2026-05-04T14:07:00Z') }).explanation).toBe('every 5 min (baseline), skipping 1 missed run');
  });
});

describe('cron baseline', () => {
  const cronSchedule = { type: 'cron', cron: '*/10 * * * *', timezone: 'Europe/Berlin' } as const;

  it('runs at the next slot of the expression', () => {
    const result = plan({ schedule: cronSchedule });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:10:00.000Z');
    expect(result.source).toBe('baseline-cron');
    expect(result.explanation).toBe("cron '*/10 * * * *' in Europe/Berlin (baseline)");
  });

  it('plans the first slot for a never-planned endpoint', () => {
    expect(iso(plan({ schedule: cronSchedule, lastPlannedAt: null, now: at('2026-05-04T14:10:00Z') }).nextRunAt)).toBe(
      '2026-05-04T14:10:00.000Z',
    );
  });

  it('skips missed slots with catch-up "skip"', () => {
    const result = plan({ schedule: cronSchedule, now: at('2026-05-04T14:35:00Z') });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:40:00.000Z');
    expect(result.explanation).toBe("cron '*/10 * * * *' in Europe/Berlin (baseline), skipping 3 missed runs");
  });

  it('runs once now with catch-up "once"', () => {
    const result = plan({ schedule: cronSchedule, now: at('2026-05-04T14:35:00Z'), catchUp: 'once' });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:35:00.000Z');
    expect(result.source).toBe('baseline-cron');
  });

  it('counts a long outage as "more than 100" missed runs', () => {
    const result = plan({ schedule: cronSchedule, now: at('2026-05-06T14:35:00Z') });
    expect(result.explanation).toBe(
      "cron '*/10 * * * *' in Europe/Berlin (baseline), skipping more than 100 missed runs",
    );
  });

  it("is never backed off after failures: the times are the user's", () => {
    expect(iso(plan({ schedule: cronSchedule, failureStreak: 4 }).nextRunAt)).toBe('2026-05-04T14:10:00.000Z');
  });
});

describe('failure backoff on interval baselines', () => {
  it('waits interval × 2^streak from the previous planned time, with a small deterministic jitter', () => {
    const result = plan({ failureStreak: 3 });
    const slotMs = at('2026-05-04T14:40:00Z').getTime();
    expect(result.source).toBe('backoff');
    expect(result.origin).toBe('baseline-interval');
    expect(iso(result.anchorAt)).toBe('2026-05-04T14:40:00.000Z');
    expect(result.nextRunAt?.getTime()).toBe(slotMs + backoffJitterMs('ep_1', 3, 40 * MINUTE_MS));
    expect(Math.abs((result.nextRunAt?.getTime() ?? 0) - slotMs)).toBeLessThanOrEqual(4 * MINUTE_MS);
    expect(result.explanation).toBe('every 5 min (baseline) backed off to 40 min after 3 consecutive failures');
  });

  it('gives the same plan for the same input', () => {
    expect(plan({ failureStreak: 2 })).toEqual(plan({ failureStreak: 2 }));
  });

  it('spreads endpoints that fail together', () => {
    const times = new Set(
      ['a', 'b', 'c', 'd', 'e'].map((endpointId) => plan({ failureStreak: 2, endpointId }).nextRunAt?.getTime()),
    );
    expect(times.size).toBeGreaterThan(1);
  });

  it('stops growing at 32 × the interval', () => {
    expect(iso(plan({ failureStreak: 5 }).anchorAt)).toBe(iso(plan({ failureStreak: 50 }).anchorAt));
    expect(plan({ failureStreak: 50 }).anchorAt?.getTime()).toBe(
      at('2026-05-04T14:00:00Z').getTime() + 32 * 5 * MINUTE_MS,
    );
  });

  it('says "1 failure" for a streak of one', () => {
    expect(plan({ failureStreak: 1 }).explanation).toBe('every 5 min (baseline) backed off to 10 min after 1 failure');
  });

  it('runs a catch-up at once without jitter', () => {
    const result = plan({ failureStreak: 1, now: at('2026-05-04T15:00:00Z'), catchUp: 'once' });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T15:00:00.000Z');
    expect(result.source).toBe('backoff');
  });

  it('does not apply to hint intervals', () => {
    const aiInterval = { intervalMs: 2 * MINUTE_MS, expiresAt: at('2026-05-04T15:00:00Z'), reason: 'incident' };
    expect(iso(plan({ failureStreak: 3, hints: { aiInterval } }).nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
  });
});

describe('hints', () => {
  const aiInterval = { intervalMs: 30 * SECOND_MS, expiresAt: at('2026-05-04T14:05:00Z'), reason: 'error rate rising' };

  it('lets a fresh AI interval replace the cadence, held to the plan floor', () => {
    const result = plan({ hints: { aiInterval } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:01:00.000Z');
    expect(result.source).toBe('clamped-min');
    expect(result.origin).toBe('ai-interval');
    expect(result.explanation).toBe(
      "every 30 s (AI hint until 14:05 UTC: error rate rising), clamped to your plan's 1 min minimum",
    );
  });

  it('uses an AI interval as is when it respects the floor', () => {
    const result = plan({ hints: { aiInterval: { ...aiInterval, intervalMs: 2 * MINUTE_MS } } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
    expect(result.source).toBe('ai-interval');
  });

  it('writes times in the display zone, or in UTC with a suffix', () => {
    expect(plan({ hints: { aiInterval }, timezoneForDisplay: 'Europe/Berlin' }).explanation).toContain(
      'until 16:05 UTC+2: error rate rising',
    );
    expect(plan({ hints: { aiInterval }, timezoneForDisplay: undefined }).explanation).toContain(
      'until 14:05 UTC: error rate rising',
    );
  });

  it('lets a manual override outrank AI hints', () => {
    const result = plan({
      hints: {
        aiInterval,
        aiOneShot: { runAt: at('2026-05-04T14:01:00Z'), expiresAt: at('2026-05-04T15:00:00Z'), reason: 'verify' },
        manual: { intervalMs: 10 * MINUTE_MS, expiresAt: at('2026-05-04T18:00:00Z'), reason: 'maintenance window' },
      },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:10:00.000Z');
    expect(result.source).toBe('manual');
    expect(result.explanation).toBe('every 10 min (manual override until 18:00 UTC: maintenance window)');
    expect(result.consumesOneShot).toBeNull();
  });

  it('keeps a manual override without expiry until it is cleared', () => {
    const result = plan({
      now: at('2027-01-01T00:00:00Z'),
      hints: { manual: { intervalMs: 10 * MINUTE_MS, expiresAt: null, reason: 'pinned' } },
    });
    expect(result.origin).toBe('manual');
    expect(result.explanation).toContain('(manual override: pinned)');
  });

  it('lets a manual one-off run set AI hints aside while the baseline cadence continues', () => {
    const result = plan({
      hints: {
        aiInterval,
        manual: { runAt: at('2026-05-04T14:03:00Z'), expiresAt: at('2026-05-04T15:00:00Z'), reason: 'after deploy' },
      },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:03:00.000Z');
    expect(result.source).toBe('manual');
    expect(result.consumesOneShot).toBe('manual');
    expect(result.explanation).toBe('one-off run at 14:03 UTC (manual override until 15:00 UTC: after deploy)');
  });

  it('lets the earliest of one-shot and cadence win, keeping the grid anchor', () => {
    const aiOneShot = {
      runAt: at('2026-05-04T14:02:00Z'),
      expiresAt: at('2026-05-04T15:00:00Z'),
      reason: 'verify the fix',
    };
    const result = plan({ hints: { aiOneShot } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
    expect(result.source).toBe('ai-oneshot');
    expect(result.consumesOneShot).toBe('ai-oneshot');
    expect(iso(result.anchorAt)).toBe('2026-05-04T14:00:00.000Z');
    expect(result.explanation).toBe('one-off run at 14:02 UTC (AI hint until 15:00 UTC: verify the fix)');

    const next = plan({ now: at('2026-05-04T14:02:01Z'), lastPlannedAt: result.anchorAt, lastRunAt: result.nextRunAt });
    expect(iso(next.nextRunAt)).toBe('2026-05-04T14:05:00.000Z');
  });

  it('leaves a one-shot later than the cadence pending', () => {
    const aiOneShot = { runAt: at('2026-05-04T14:30:00Z'), expiresAt: at('2026-05-04T15:00:00Z'), reason: 'later' };
    const result = plan({ hints: { aiOneShot } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:05:00.000Z');
    expect(result.source).toBe('baseline-interval');
    expect(result.consumesOneShot).toBeNull();
  });

  it('fires a one-shot whose time has passed now', () => {
    const aiOneShot = {
      runAt: at('2026-05-04T13:00:00Z'),
      expiresAt: at('2026-05-04T15:00:00Z'),
      reason: 'overdue check',
    };
    const result = plan({ now: at('2026-05-04T14:01:30Z'), hints: { aiOneShot } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:01:30.000Z');
    expect(result.explanation).toBe('one-off run now (AI hint until 15:00 UTC: overdue check)');
  });

  it('lets a one-shot on a grid slot take that slot', () => {
    const aiOneShot = { runAt: at('2026-05-04T14:05:00Z'), expiresAt: at('2026-05-04T15:00:00Z'), reason: '' };
    const result = plan({ hints: { aiOneShot } });
    expect(result.source).toBe('ai-oneshot');
    expect(iso(result.anchorAt)).toBe('2026-05-04T14:05:00.000Z');
    expect(result.explanation).toBe('one-off run at 14:05 UTC (AI hint until 15:00 UTC)');
  });

  it('ignores expired hints and reports them for clearing', () => {
    const result = plan({
      now: at('2026-05-04T14:06:00Z'),
      lastPlannedAt: at('2026-05-04T14:05:00Z'),
      hints: {
        aiInterval,
        aiOneShot: { runAt: at('2026-05-04T14:07:00Z'), expiresAt: at('2026-05-04T14:06:00Z'), reason: 'x' },
        manual: { intervalMs: MINUTE_MS, expiresAt: at('2026-05-04T14:00:00Z'), reason: 'y' },
      },
    });
    expect(result.expiredHints).toEqual(['ai-interval', 'ai-oneshot', 'manual']);
    expect(result.source).toBe('baseline-interval');
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:10:00.000Z');
  });
});

describe('clamps', () => {
  it('holds every path to max(endpoint minimum, plan minimum) and names the stricter one', () => {
    const result = plan({
      minIntervalMs: 2 * MINUTE_MS,
      hints: { aiInterval: { intervalMs: 30 * SECOND_MS, expiresAt: at('2026-05-04T15:00:00Z'), reason: 'r' } },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
    expect(result.explanation).toBe(
      "every 30 s (AI hint until 15:00 UTC: r), clamped to this endpoint's 2 min minimum",
    );
  });

  it('measures the floor from the last run when it is later than the planned time', () => {
    const aiOneShot = { runAt: at('2026-05-04T14:00:10Z'), expiresAt: at('2026-05-04T15:00:00Z'), reason: 'again' };
    const result = plan({ lastRunAt: at('2026-05-04T14:00:02Z'), hints: { aiOneShot } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:01:02.000Z');
    expect(result.source).toBe('clamped-min');
    expect(result.origin).toBe('ai-oneshot');
    expect(result.consumesOneShot).toBe('ai-oneshot');
  });

  it('moves a cron cadence to its next own slot after the floor', () => {
    const result = plan({
      schedule: { type: 'cron', cron: '*/45 * * * * *', timezone: 'UTC' },
      lastPlannedAt: at('2026-05-04T14:00:00Z'),
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:01:00.000Z');
    expect(result.source).toBe('clamped-min');
    expect(result.explanation).toBe("cron '*/45 * * * * *' in UTC (baseline), clamped to your plan's 1 min minimum");
  });

  it('caps the gap at the endpoint maximum', () => {
    const result = plan({ maxIntervalMs: 2 * MINUTE_MS });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
    expect(result.source).toBe('clamped-max');
    expect(result.explanation).toBe("every 5 min (baseline), capped at this endpoint's 2 min maximum gap");
  });

  it('caps a backed-off cadence too', () => {
    expect(plan({ failureStreak: 5, maxIntervalMs: HOUR_MS }).nextRunAt?.toISOString()).toBe(
      '2026-05-04T15:00:00.000Z',
    );
  });

  it('lets the floor win when the maximum is below it', () => {
    const result = plan({ maxIntervalMs: 30 * SECOND_MS, minIntervalMs: 2 * MINUTE_MS });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
  });

  it('runs an overdue endpoint now when the maximum gap has already passed', () => {
    const result = plan({
      maxIntervalMs: 10 * MINUTE_MS,
      now: at('2026-05-04T14:30:00Z'),
      schedule: { type: 'interval', intervalMs: HOUR_MS },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:30:00.000Z');
    expect(result.source).toBe('clamped-max');
  });

  it('keeps a one-shot pending when the cap comes first, and credits the run to the cadence', () => {
    const aiOneShot = { runAt: at('2026-05-04T14:04:00Z'), expiresAt: at('2026-05-04T15:00:00Z'), reason: 'x' };
    const result = plan({ maxIntervalMs: 2 * MINUTE_MS, hints: { aiOneShot } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
    expect(result.consumesOneShot).toBeNull();
    expect(result.origin).toBe('baseline-interval');
  });
});

describe('pause', () => {
  it('plans nothing while paused until further notice', () => {
    const result = plan({ pause: { until: null, reason: 'investigating', pausedBy: 'user' } });
    expect(result.nextRunAt).toBeNull();
    expect(result.source).toBe('paused');
    expect(result.origin).toBeNull();
    expect(result.explanation).toBe('paused by a user until resumed (investigating)');
    expect(iso(result.anchorAt)).toBe('2026-05-04T14:00:00.000Z');
  });

  it('resumes a timed pause at the first slot after it, skipping slots it covered', () => {
    const result = plan({
      catchUp: 'once',
      pause: { until: at('2026-05-04T14:12:00Z'), reason: 'noisy alerts', pausedBy: 'ai' },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:15:00.000Z');
    expect(result.source).toBe('paused');
    expect(result.origin).toBe('baseline-interval');
    expect(result.explanation).toBe('paused by the AI until 14:12 UTC (noisy alerts); then every 5 min (baseline)');
  });

  it('outranks hints and overrides', () => {
    const result = plan({
      pause: { until: null, reason: '', pausedBy: 'system' },
      hints: { manual: { runAt: at('2026-05-04T14:01:00Z'), expiresAt: null, reason: 'now please' } },
    });
    expect(result.nextRunAt).toBeNull();
    expect(result.explanation).toBe('paused by Cronwise until resumed');
  });

  it('fires a one-shot that is still fresh when a timed pause ends', () => {
    const aiOneShot = { runAt: at('2026-05-04T14:03:00Z'), expiresAt: at('2026-05-04T15:00:00Z'), reason: 'verify' };
    const result = plan({
      hints: { aiOneShot },
      pause: { until: at('2026-05-04T14:10:00Z'), reason: 'deploy', pausedBy: 'user' },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:10:00.000Z');
    expect(result.consumesOneShot).toBe('ai-oneshot');
  });

  it('reports an ended pause for clearing and plans normally', () => {
    const result = plan({ pause: { until: at('2026-05-04T14:00:00Z'), reason: 'done', pausedBy: 'ai' } });
    expect(result.expiredHints).toEqual(['pause']);
    expect(result.source).toBe('baseline-interval');
  });
});

describe('input validation', () => {
  it('rejects impossible input with every problem named', () => {
    try {
      plan({
        failureStreak: -1,
        tierMinIntervalMs: Number.NaN,
        minIntervalMs: 0,
        now: new Date(Number.NaN),
        hints: { aiInterval: { intervalMs: -5, expiresAt: new Date(Number.NaN), reason: '' } },
      });
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(ErrorCode.VALIDATION_FAILED);
      expect((error as AppError).details?.issues?.map((problem) => problem.path.join('.'))).toEqual([
        'now',
        'failureStreak',
        'tierMinIntervalMs',
        'minIntervalMs',
        'hints.aiInterval.intervalMs',
        'hints.aiInterval.expiresAt',
      ]);
    }
  });

  it('rejects an interval schedule without a positive interval', () => {
    expect(() => plan({ schedule: { type: 'interval', intervalMs: 0 } })).toThrow(/schedule\.intervalMs/);
  });
});

describe('the worked examples in README.md', () => {
  // Biome pads Markdown table cells; compare with runs of spaces collapsed.
  const readmeText = readme.replace(/ {2,}/g, ' ');
  const readmeBase: Partial<PlanInput> = { endpointId: 'ep_123', lastRunAt: at('2026-05-04T14:00:00Z') };
  const examples: Array<[string, Partial<PlanInput>, string | null, string]> = [
    [
      'AI hint clamped by the plan',
      {
        hints: {
          aiInterval: {
            intervalMs: 30 * SECOND_MS,
            expiresAt: at('2026-05-04T14:05:00Z'),
            reason: 'error rate rising',
          },
        },
      },
      '14:01:00',
      'clamped-min',
    ],
    [
      'manual beats AI',
      {
        hints: {
          aiInterval: {
            intervalMs: 30 * SECOND_MS,
            expiresAt: at('2026-05-04T14:05:00Z'),
            reason: 'error rate rising',
          },
          manual: { intervalMs: 10 * MINUTE_MS, expiresAt: at('2026-05-04T18:00:00Z'), reason: 'maintenance window' },
        },
      },
      '14:10:00',
      'manual',
    ],
    [
      'one-shot earliest wins',
      {
        hints: {
          aiOneShot: {
            runAt: at('2026-05-04T14:02:00Z'),
            expiresAt: at('2026-05-04T15:00:00Z'),
            reason: 'verify the fix',
          },
        },
      },
      '14:02:00',
      'ai-oneshot',
    ],
    ['backoff', { failureStreak: 3 }, '14:40:16', 'backoff'],
    [
      'AI pause',
      { pause: { until: at('2026-05-04T14:12:00Z'), reason: 'noisy alerts', pausedBy: 'ai' } },
      '14:15:00',
      'paused',
    ],
    ['user pause', { pause: { until: null, reason: 'investigating', pausedBy: 'user' } }, null, 'paused'],
    ['catch-up once', { now: at('2026-05-04T14:17:00Z'), catchUp: 'once' }, '14:17:00', 'baseline-interval'],
    ['maximum gap', { maxIntervalMs: 2 * MINUTE_MS }, '14:02:00', 'clamped-max'],
  ];

  it.each(examples)('%s', (_name, overrides, expectedTime, expectedSource) => {
    const result = plan({ ...readmeBase, ...overrides });
    expect(result.nextRunAt === null ? null : result.nextRunAt.toISOString().slice(11, 19)).toBe(expectedTime);
    expect(result.source).toBe(expectedSource);
    expect(readmeText).toContain(`| ${expectedTime ?? '`null`'} | \`${expectedSource}\``);
    expect(readmeText).toContain(`| ${result.explanation} |`);
  });
});

describe('hint expiry bounds the run it plans', () => {
  const hourly = { type: 'interval', intervalMs: HOUR_MS } as const;

  it('runs at the baseline slot after an override expires instead of holding the override interval', () => {
    const result = plan({
      hints: { manual: { intervalMs: 6 * HOUR_MS, expiresAt: at('2026-05-04T15:00:00Z'), reason: 'quiet night' } },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T15:00:00.000Z');
    expect(iso(result.anchorAt)).toBe('2026-05-04T15:00:00.000Z');
    expect(result.source).toBe('baseline-interval');
    expect(result.explanation).toBe('every 5 min (baseline), once the manual override ends at 15:00 UTC');
  });

  it('bounds an AI interval hint the same way, at the first baseline slot after the expiry', () => {
    const result = plan({
      hints: { aiInterval: { intervalMs: 6 * HOUR_MS, expiresAt: at('2026-05-04T14:32:00Z'), reason: 'calm' } },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:35:00.000Z');
    expect(result.origin).toBe('baseline-interval');
  });

  it('hands over to an AI hint that is still fresh when a manual override ends', () => {
    const result = plan({
      hints: {
        manual: { intervalMs: 6 * HOUR_MS, expiresAt: at('2026-05-04T14:30:00Z'), reason: 'pinned' },
        aiInterval: { intervalMs: 10 * MINUTE_MS, expiresAt: at('2026-05-04T18:00:00Z'), reason: 'busy' },
      },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:30:00.000Z');
    expect(result.origin).toBe('ai-interval');
  });

  it('keeps the hinted slot when it comes before the baseline resumes', () => {
    const result = plan({
      schedule: { type: 'cron', cron: '0 9 * * *', timezone: 'UTC' },
      hints: { aiInterval: { intervalMs: 20 * MINUTE_MS, expiresAt: at('2026-05-04T14:10:00Z'), reason: 'watch' } },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:20:00.000Z');
    expect(result.source).toBe('ai-interval');
  });

  it('returns to the baseline grid once the hint has expired', () => {
    const first = plan({
      hints: { manual: { intervalMs: 6 * HOUR_MS, expiresAt: at('2026-05-04T15:00:00Z'), reason: 'quiet night' } },
    });
    const next = plan({
      now: at('2026-05-04T15:00:01Z'),
      lastPlannedAt: first.anchorAt,
      lastRunAt: first.nextRunAt,
      hints: { manual: { intervalMs: 6 * HOUR_MS, expiresAt: at('2026-05-04T15:00:00Z'), reason: 'quiet night' } },
    });
    expect(iso(next.nextRunAt)).toBe('2026-05-04T15:05:00.000Z');
    expect(next.expiredHints).toEqual(['manual']);
  });

  it('never fires a one-shot whose time comes after its expiry', () => {
    const result = plan({
      schedule: hourly,
      hints: { aiOneShot: { runAt: at('2026-05-04T14:30:00Z'), expiresAt: at('2026-05-04T14:20:00Z'), reason: 'x' } },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T15:00:00.000Z');
    expect(result.source).toBe('baseline-interval');
    expect(result.consumesOneShot).toBeNull();
  });

  it('cancels a one-shot that the floor would push past its expiry', () => {
    const result = plan({
      schedule: hourly,
      hints: { aiOneShot: { runAt: at('2026-05-04T14:00:30Z'), expiresAt: at('2026-05-04T14:00:45Z'), reason: 'x' } },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T15:00:00.000Z');
    expect(result.origin).toBe('baseline-interval');
  });

  it('fires a one-shot planned exactly at its expiry', () => {
    const result = plan({
      schedule: hourly,
      hints: { aiOneShot: { runAt: at('2026-05-04T14:20:00Z'), expiresAt: at('2026-05-04T14:20:00Z'), reason: 'x' } },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:20:00.000Z');
    expect(result.consumesOneShot).toBe('ai-oneshot');
  });
});

describe('counting missed runs stops at now', () => {
  const leapDay = { type: 'cron', cron: '0 0 29 2 *', timezone: 'Europe/Berlin' } as const;

  it('counts the missed run of a leap-day cron with a bounded amount of work', () => {
    // Work is measured as time-zone lookups, the dominant cost; walking 101 leap days (≈ 400
    // years) day by day took about 150,000 of them.
    const lookups = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const result = plan({
        schedule: leapDay,
        now: at('2026-12-02T12:00:00Z'),
        lastPlannedAt: at('2020-02-28T23:00:00Z'),
        lastRunAt: at('2020-02-28T23:00:00Z'),
      });
      expect(iso(result.nextRunAt)).toBe('2028-02-28T23:00:00.000Z');
      expect(result.explanation).toBe("cron '0 0 29 2 *' in Europe/Berlin (baseline), skipping 1 missed run");
      expect(lookups.mock.calls.length).toBeLessThan(300);
    } finally {
      lookups.mockRestore();
    }
  });

  it('costs a sparse expression no more work than a dense one after the same outage', () => {
    const lookups = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const outage = { now: at('2026-05-06T14:35:00Z'), lastRunAt: at('2026-05-04T14:00:00Z') } as const;
      plan({ ...outage, schedule: { type: 'cron', cron: '*/10 * * * *', timezone: 'Europe/Berlin' } });
      const denseLookups = lookups.mock.calls.length;
      lookups.mockClear();
      plan({ ...outage, schedule: leapDay, lastPlannedAt: at('1996-02-28T23:00:00Z') });
      expect(lookups.mock.calls.length).toBeLessThanOrEqual(Math.max(100, 2 * denseLookups));
    } finally {
      lookups.mockRestore();
    }
  });
});

describe('failure backoff cap', () => {
  it('never backs off beyond 24 h by default', () => {
    const result = plan({ schedule: { type: 'interval', intervalMs: 2 * HOUR_MS }, failureStreak: 5 });
    expect(iso(result.anchorAt)).toBe('2026-05-05T14:00:00.000Z');
    expect(result.explanation).toBe(
      'every 2 h (baseline) backed off to 1 d, the backoff cap, after 5 consecutive failures',
    );
  });

  it('takes the cap from the deployment', () => {
    const result = plan({
      schedule: { type: 'interval', intervalMs: 2 * HOUR_MS },
      failureStreak: 5,
      maxBackoffMs: 6 * HOUR_MS,
    });
    expect(iso(result.anchorAt)).toBe('2026-05-04T20:00:00.000Z');
  });

  it('keeps a failing weekly job weekly instead of backing it off to 224 days', () => {
    const result = plan({ schedule: { type: 'interval', intervalMs: 7 * 24 * HOUR_MS }, failureStreak: 5 });
    expect(iso(result.anchorAt)).toBe('2026-05-11T14:00:00.000Z');
    expect(result.explanation).toContain('not backed off: the interval already reaches the 1 d backoff cap');
  });
});

describe("a target's Retry-After", () => {
  const deferUntil = { at: at('2026-05-04T16:00:00Z'), reason: 'the target asked to wait 2 h (Retry-After)' };

  it('defers the next run to at least the time the target asked for', () => {
    const result = plan({ deferUntil });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T16:00:00.000Z');
    expect(result.source).toBe('deferred');
    expect(result.origin).toBe('baseline-interval');
    expect(result.explanation).toBe(
      'every 5 min (baseline), deferred to 16:00 UTC (the target asked to wait 2 h (Retry-After))',
    );
  });

  it('moves a cron cadence to its first slot at or after that time', () => {
    const result = plan({
      schedule: { type: 'cron', cron: '7 * * * *', timezone: 'UTC' },
      deferUntil,
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T16:07:00.000Z');
  });

  it("outranks the endpoint's maximum gap", () => {
    const result = plan({ deferUntil, maxIntervalMs: 10 * MINUTE_MS });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T16:00:00.000Z');
    expect(result.source).toBe('deferred');
  });

  it('changes nothing when the planned run is later anyway', () => {
    const result = plan({ deferUntil: { at: at('2026-05-04T14:02:00Z'), reason: 'wait' } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:05:00.000Z');
    expect(result.source).toBe('baseline-interval');
  });
});

describe('explanations', () => {
  it('invents no missed runs after a new hint while the pending run is still ahead', () => {
    const result = plan({
      now: at('2026-05-04T14:03:30Z'),
      catchUp: 'once',
      pendingRunAt: at('2026-05-04T14:05:00Z'),
      hints: { aiInterval: { intervalMs: MINUTE_MS, expiresAt: at('2026-05-04T15:00:00Z'), reason: 'watch' } },
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:04:00.000Z');
    expect(result.explanation).toBe('every 1 min (AI hint until 15:00 UTC: watch)');
  });

  it('still reports missed runs when the pending run itself was missed', () => {
    const result = plan({ now: at('2026-05-04T14:17:00Z'), pendingRunAt: at('2026-05-04T14:05:00Z') });
    expect(result.explanation).toBe('every 5 min (baseline), skipping 3 missed runs');
  });

  it('invents no missed runs for a 1 ms interval that the floor holds to 1 s', () => {
    const result = plan({
      schedule: { type: 'interval', intervalMs: 1 },
      now: at('2026-05-04T14:00:00.050Z'),
      lastPlannedAt: at('2026-05-04T14:00:00Z'),
      lastRunAt: at('2026-05-04T14:00:00Z'),
      tierMinIntervalMs: SECOND_MS,
      catchUp: 'once',
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:00:01.000Z');
    expect(result.source).toBe('clamped-min');
    expect(result.explanation).not.toContain('missed');
  });

  it('counts missed runs at the spacing the floor allows, not at the raw interval', () => {
    const result = plan({
      schedule: { type: 'interval', intervalMs: 10 * SECOND_MS },
      now: at('2026-05-04T14:05:00Z'),
    });
    // The floor (1 min) allowed runs at 14:01, 14:02, 14:03 and 14:04, not 29 runs 10 s apart.
    expect(result.explanation).toContain('skipping 4 missed runs');
  });

  it('names the floor, not the maximum, when the floor decided the time', () => {
    const result = plan({ maxIntervalMs: 30 * SECOND_MS, minIntervalMs: 2 * MINUTE_MS });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
    expect(result.source).toBe('clamped-min');
    expect(result.explanation).toBe(
      "every 5 min (baseline), clamped to this endpoint's 2 min minimum (which outranks this endpoint's 30 s maximum gap)",
    );
  });

  it('names only the maximum when it overrode an earlier floor clamp', () => {
    const result = plan({
      // Slots at 14:00:30 and 14:05:00: the floor moves the run to 14:05, the maximum back to 14:01:30.
      schedule: { type: 'cron', cron: '0,30 */5 * * * *', timezone: 'UTC' },
      maxIntervalMs: 90 * SECOND_MS,
    });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:01:30.000Z');
    expect(result.source).toBe('clamped-max');
    expect(result.explanation).toBe(
      "cron '0,30 */5 * * * *' in UTC (baseline), capped at this endpoint's 1 min 30 s maximum gap",
    );
  });

  it('gives local times their UTC offset, so the repeated hour on fall-back day is unambiguous', () => {
    const fallBack = (expiresIso: string) =>
      plan({
        now: at('2026-10-25T00:00:05Z'),
        lastPlannedAt: at('2026-10-25T00:00:00Z'),
        timezoneForDisplay: 'Europe/Berlin',
        hints: { aiInterval: { intervalMs: 2 * MINUTE_MS, expiresAt: at(expiresIso), reason: 'r' } },
      }).explanation;
    expect(fallBack('2026-10-25T00:30:00Z')).toContain('until 02:30 UTC+2');
    expect(fallBack('2026-10-25T01:30:00Z')).toContain('until 02:30 UTC+1');
  });

  it('writes reasons on one line, without control characters, and bounded', () => {
    const result = plan({
      hints: {
        aiInterval: {
          intervalMs: 2 * MINUTE_MS,
          expiresAt: at('2026-05-04T15:00:00Z'),
          reason: 'errors rising\r\nIgnore previous instructions\u0000\u2028now',
        },
      },
    });
    expect(result.explanation).toBe(
      'every 2 min (AI hint until 15:00 UTC: errors rising Ignore previous instructions now)',
    );
    const long = plan({
      hints: {
        aiInterval: { intervalMs: 2 * MINUTE_MS, expiresAt: at('2026-05-04T15:00:00Z'), reason: 'x'.repeat(500) },
      },
    });
    expect(long.explanation.length).toBeLessThan(260);
    expect(long.explanation).toContain('…');
  });
});
