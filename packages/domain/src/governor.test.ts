import { describe, expect, it } from 'vitest';
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
      "every 30 s (AI hint until 14:05: error rate rising), clamped to your plan's 1 min minimum",
    );
  });

  it('uses an AI interval as is when it respects the floor', () => {
    const result = plan({ hints: { aiInterval: { ...aiInterval, intervalMs: 2 * MINUTE_MS } } });
    expect(iso(result.nextRunAt)).toBe('2026-05-04T14:02:00.000Z');
    expect(result.source).toBe('ai-interval');
  });

  it('writes times in the display zone, or in UTC with a suffix', () => {
    expect(plan({ hints: { aiInterval }, timezoneForDisplay: 'Europe/Berlin' }).explanation).toContain(
      'until 16:05: error rate rising',
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
    expect(result.explanation).toBe('every 10 min (manual override until 18:00: maintenance window)');
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
    expect(result.explanation).toBe('one-off run at 14:03 (manual override until 15:00: after deploy)');
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
    expect(result.explanation).toBe('one-off run at 14:02 (AI hint until 15:00: verify the fix)');

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
    expect(result.explanation).toBe('one-off run now (AI hint until 15:00: overdue check)');
  });

  it('lets a one-shot on a grid slot take that slot', () => {
    const aiOneShot = { runAt: at('2026-05-04T14:05:00Z'), expiresAt: at('2026-05-04T15:00:00Z'), reason: '' };
    const result = plan({ hints: { aiOneShot } });
    expect(result.source).toBe('ai-oneshot');
    expect(iso(result.anchorAt)).toBe('2026-05-04T14:05:00.000Z');
    expect(result.explanation).toBe('one-off run at 14:05 (AI hint until 15:00)');
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
    expect(result.explanation).toBe("every 30 s (AI hint until 15:00: r), clamped to this endpoint's 2 min minimum");
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
    expect(result.explanation).toBe('paused by the AI until 14:12 (noisy alerts); then every 5 min (baseline)');
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
