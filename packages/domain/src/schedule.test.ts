import { describe, expect, it, vi } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './duration';
import { AppError, ErrorCode } from './errors';
import {
  assertScheduleRespectsFloor,
  describeSchedule,
  MAX_INTERVAL_MS,
  minimumGapMs,
  nextGridSlotAfterMs,
  nextOccurrences,
  parseSchedule,
  type Schedule,
  safeParseSchedule,
} from './schedule';

const at = (iso: string) => new Date(iso);
const isoList = (dates: Date[]) => dates.map((date) => date.toISOString());
const cron = (expression: string, timezone = 'UTC'): Schedule =>
  parseSchedule({ type: 'cron', cron: expression, timezone });

function issuesOf(input: unknown) {
  const result = safeParseSchedule(input);
  if (result.ok) throw new Error('expected the schedule to be rejected');
  return result.issues;
}

describe('parseSchedule', () => {
  it('accepts an interval in whole milliseconds', () => {
    expect(parseSchedule({ type: 'interval', intervalMs: 60_000 })).toEqual({ type: 'interval', intervalMs: 60_000 });
  });

  it('accepts a cron expression with a time zone and normalises both', () => {
    expect(parseSchedule({ type: 'cron', cron: ' 0  9 * * 1-5 ', timezone: 'europe/berlin' })).toEqual({
      type: 'cron',
      cron: '0 9 * * 1-5',
      timezone: 'Europe/Berlin',
    });
  });

  it('accepts six-field expressions with seconds', () => {
    expect(parseSchedule({ type: 'cron', cron: '*/20 * * * * *', timezone: 'UTC' })).toMatchObject({
      cron: '*/20 * * * * *',
    });
  });

  it.each([[0], [-1_000], [1.5], [Number.NaN], ['60000'], [null], [undefined]])(
    'rejects the interval %s as not a positive whole number of milliseconds',
    (intervalMs) => {
      const [problem] = issuesOf({ type: 'interval', intervalMs });
      expect(problem?.path).toEqual(['intervalMs']);
      expect(problem?.message).toMatch(
        /is not a positive whole number of milliseconds; e\.g\. 60000 for every minute$/,
      );
    },
  );

  it('rejects intervals beyond a year and points to cron', () => {
    expect(issuesOf({ type: 'interval', intervalMs: MAX_INTERVAL_MS + 1 })[0]?.message).toBe(
      'interval 366 d is longer than the maximum of 366 d; use a cron expression for yearly jobs',
    );
  });

  it('names the cron field that is wrong and why', () => {
    expect(issuesOf({ type: 'cron', cron: '0 25 * * *', timezone: 'UTC' })).toEqual([
      { path: ['cron'], message: 'cron field 2 (hour) value 25 is out of range 0-23' },
    ]);
  });

  it('names an unknown time zone and suggests the one meant', () => {
    expect(issuesOf({ type: 'cron', cron: '0 9 * * *', timezone: 'Europe/Berln' })).toEqual([
      { path: ['timezone'], message: "unknown time zone 'Europe/Berln'; use an IANA name such as Europe/Berlin" },
    ]);
  });

  it('refuses deprecated zone aliases such as EST and CET, naming the zone they mean today', () => {
    expect(issuesOf({ type: 'cron', cron: '0 9 * * *', timezone: 'EST' })).toEqual([
      {
        path: ['timezone'],
        message:
          "time zone 'EST' is a deprecated alias that today means America/Panama, which may not follow the daylight-saving rules you expect; use the IANA name of a place, such as America/New_York or America/Panama",
      },
    ]);
    expect(issuesOf({ type: 'cron', cron: '0 9 * * *', timezone: 'CET' })[0]?.message).toContain(
      "time zone 'CET' is a deprecated alias that today means Europe/Brussels",
    );
    expect(issuesOf({ type: 'cron', cron: '0 9 * * *', timezone: 'PST8PDT' })[0]?.message).toContain(
      'America/Los_Angeles',
    );
  });

  it('accepts UTC and GMT, and shows a linked name such as US/Eastern by its canonical zone', () => {
    expect(parseSchedule({ type: 'cron', cron: '0 9 * * *', timezone: 'UTC' })).toMatchObject({ timezone: 'UTC' });
    expect(parseSchedule({ type: 'cron', cron: '0 9 * * *', timezone: 'GMT' })).toMatchObject({ timezone: 'UTC' });
    expect(parseSchedule({ type: 'cron', cron: '0 9 * * *', timezone: 'US/Eastern' })).toMatchObject({
      timezone: 'America/New_York',
    });
  });

  it('keeps running a stored schedule with a deprecated alias (only new input is refused)', () => {
    const stored: Schedule = { type: 'cron', cron: '0 9 * * *', timezone: 'CET' };
    expect(nextOccurrences(stored, { from: at('2026-01-01T00:00:00Z'), count: 1 })).toHaveLength(1);
  });

  it('reports a bad expression and a bad zone together', () => {
    expect(
      issuesOf({ type: 'cron', cron: '61 * * * *', timezone: 'Nowhere/City' }).map((problem) => problem.path),
    ).toEqual([['cron'], ['timezone']]);
  });

  it('requires a time zone for cron', () => {
    expect(issuesOf({ type: 'cron', cron: '0 9 * * *' })).toEqual([
      { path: ['timezone'], message: 'time zone is required; use an IANA name such as Europe/Berlin or UTC' },
    ]);
  });

  it('requires the cron expression to be a string', () => {
    expect(issuesOf({ type: 'cron', cron: 5, timezone: 'UTC' })[0]?.message).toBe(
      'cron expression must be a string such as "*/5 * * * *"',
    );
  });

  it('rejects an expression that never matches a real date', () => {
    expect(issuesOf({ type: 'cron', cron: '0 0 30 2 *', timezone: 'UTC' })[0]?.message).toBe(
      "cron expression '0 0 30 2 *' never matches a real date (e.g. February 30); check day of month and month",
    );
  });

  it('rejects unknown schedule types and non-objects', () => {
    expect(issuesOf({ type: 'rrule' })[0]).toEqual({
      path: ['type'],
      message: 'schedule type "rrule" is not supported; use "cron" or "interval"',
    });
    expect(issuesOf('*/5 * * * *')[0]?.message).toBe('schedule must be an object with type "cron" or "interval"');
    expect(issuesOf(null)[0]?.path).toEqual([]);
  });

  it('throws VALIDATION_FAILED with the issues', () => {
    expect(() => parseSchedule({ type: 'interval', intervalMs: -5 })).toThrow(AppError);
    try {
      parseSchedule({ type: 'interval', intervalMs: -5 });
    } catch (error) {
      expect((error as AppError).code).toBe(ErrorCode.VALIDATION_FAILED);
      expect((error as AppError).details?.issues?.[0]?.path).toEqual(['intervalMs']);
    }
  });
});

describe('nextOccurrences of an interval', () => {
  const everyFiveMinutes: Schedule = { type: 'interval', intervalMs: 5 * MINUTE_MS };

  it('anchors the grid at `from` by default', () => {
    expect(isoList(nextOccurrences(everyFiveMinutes, { from: at('2026-05-04T14:00:07Z'), count: 3 }))).toEqual([
      '2026-05-04T14:05:07.000Z',
      '2026-05-04T14:10:07.000Z',
      '2026-05-04T14:15:07.000Z',
    ]);
  });

  it('stays on the anchor grid whatever `from` is', () => {
    const anchor = at('2026-05-04T14:00:00Z');
    expect(isoList(nextOccurrences(everyFiveMinutes, { from: at('2026-05-04T14:12:34Z'), count: 2, anchor }))).toEqual([
      '2026-05-04T14:15:00.000Z',
      '2026-05-04T14:20:00.000Z',
    ]);
  });

  it('is strictly after `from`, even when `from` is a grid slot', () => {
    const anchor = at('2026-05-04T14:00:00Z');
    expect(
      nextOccurrences(everyFiveMinutes, { from: at('2026-05-04T14:05:00Z'), count: 1, anchor })[0]?.toISOString(),
    ).toBe('2026-05-04T14:10:00.000Z');
  });

  it('extends the grid backwards from an anchor in the future', () => {
    const anchor = at('2026-05-04T15:00:00Z');
    expect(
      nextOccurrences(everyFiveMinutes, { from: at('2026-05-04T14:01:00Z'), count: 1, anchor })[0]?.toISOString(),
    ).toBe('2026-05-04T14:05:00.000Z');
  });

  it('computes grid slots with any integer multiple', () => {
    expect(nextGridSlotAfterMs(1_000, 100, 1_000)).toBe(1_100);
    expect(nextGridSlotAfterMs(1_000, 100, 999)).toBe(1_000);
    expect(nextGridSlotAfterMs(1_000, 100, 450)).toBe(500);
  });

  it('returns nothing for a count of zero', () => {
    expect(nextOccurrences(everyFiveMinutes, { from: at('2026-05-04T14:00:00Z'), count: 0 })).toEqual([]);
    expect(nextOccurrences(cron('* * * * *'), { from: at('2026-05-04T14:00:00Z'), count: 0 })).toEqual([]);
  });

  it('rejects a bad count or date', () => {
    expect(() => nextOccurrences(everyFiveMinutes, { from: at('2026-05-04T14:00:00Z'), count: -1 })).toThrow(
      /count must be a whole number from 0 to 10000; got -1/,
    );
    expect(() => nextOccurrences(everyFiveMinutes, { from: new Date(Number.NaN), count: 1 })).toThrow(
      /from must be a valid Date/,
    );
  });
});

describe('nextOccurrences of a cron expression', () => {
  it('lists fire times strictly after `from`', () => {
    expect(isoList(nextOccurrences(cron('0 * * * *'), { from: at('2026-01-01T00:00:00Z'), count: 2 }))).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T02:00:00.000Z',
    ]);
  });

  it('evaluates the expression in its time zone', () => {
    expect(
      isoList(nextOccurrences(cron('0 9 * * *', 'America/New_York'), { from: at('2026-01-01T00:00:00Z'), count: 1 })),
    ).toEqual(['2026-01-01T14:00:00.000Z']);
  });

  it('supports seconds', () => {
    expect(
      isoList(nextOccurrences(cron('*/20 * * * * *'), { from: at('2026-01-01T00:00:00.500Z'), count: 3 })),
    ).toEqual(['2026-01-01T00:00:20.000Z', '2026-01-01T00:00:40.000Z', '2026-01-01T00:01:00.000Z']);
  });

  it('fires when either day field matches if both are restricted (Vixie cron OR rule)', () => {
    const fridaysAndThe13th = nextOccurrences(cron('0 0 13 * 5'), { from: at('2026-01-01T00:00:00Z'), count: 4 });
    expect(isoList(fridaysAndThe13th)).toEqual([
      '2026-01-02T00:00:00.000Z',
      '2026-01-09T00:00:00.000Z',
      '2026-01-13T00:00:00.000Z',
      '2026-01-16T00:00:00.000Z',
    ]);
  });

  it('ANDs the day fields when one starts with * (Vixie cron): */2 with MON means odd days that are Mondays', () => {
    const oddMondays = nextOccurrences(cron('0 0 */2 * MON'), { from: at('2026-01-01T00:00:00Z'), count: 4 });
    expect(isoList(oddMondays)).toEqual([
      '2026-01-05T00:00:00.000Z',
      '2026-01-19T00:00:00.000Z',
      '2026-02-09T00:00:00.000Z',
      '2026-02-23T00:00:00.000Z',
    ]);
    const withQuestionMark = nextOccurrences(cron('0 0 ? * MON'), { from: at('2026-01-01T00:00:00Z'), count: 2 });
    expect(isoList(withQuestionMark)).toEqual(['2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z']);
  });

  it('ORs the day fields when both are restricted, even with a step that does not start with *', () => {
    const oddDaysOrMondays = nextOccurrences(cron('0 0 1-31/2 * MON'), { from: at('2026-01-08T00:00:00Z'), count: 3 });
    expect(isoList(oddDaysOrMondays)).toEqual([
      '2026-01-09T00:00:00.000Z',
      '2026-01-11T00:00:00.000Z',
      '2026-01-12T00:00:00.000Z',
    ]);
  });

  it('uses the same day rule for the minimum gap: odd-day Mondays are a week apart at best (the 31st, then the 7th)', () => {
    expect(minimumGapMs(cron('0 0 */2 * MON'), { from: at('2026-01-01T00:00:00Z') })).toBe(7 * DAY_MS);
  });

  it('supports last day of month and nth weekday', () => {
    expect(isoList(nextOccurrences(cron('0 0 L * *'), { from: at('2026-01-01T00:00:00Z'), count: 2 }))).toEqual([
      '2026-01-31T00:00:00.000Z',
      '2026-02-28T00:00:00.000Z',
    ]);
    expect(isoList(nextOccurrences(cron('0 0 * * FRI#2'), { from: at('2026-01-01T00:00:00Z'), count: 1 }))).toEqual([
      '2026-01-09T00:00:00.000Z',
    ]);
  });

  it('reaches leap days years apart', () => {
    expect(isoList(nextOccurrences(cron('0 12 29 2 *'), { from: at('2026-01-01T00:00:00Z'), count: 2 }))).toEqual([
      '2028-02-29T12:00:00.000Z',
      '2032-02-29T12:00:00.000Z',
    ]);
  });

  it('accepts a schedule whose spelling is not normalised', () => {
    const schedule: Schedule = { type: 'cron', cron: '0  12 * * *', timezone: 'utc' };
    expect(isoList(nextOccurrences(schedule, { from: at('2026-01-01T00:00:00Z'), count: 1 }))).toEqual([
      '2026-01-01T12:00:00.000Z',
    ]);
  });

  it('throws VALIDATION_FAILED for a schedule that was never valid', () => {
    const schedule: Schedule = { type: 'cron', cron: '0 25 * * *', timezone: 'UTC' };
    expect(() => nextOccurrences(schedule, { from: at('2026-01-01T00:00:00Z'), count: 1 })).toThrow(
      'cron: cron field 2 (hour) value 25 is out of range 0-23',
    );
  });
});

describe('previews of sparse expressions', () => {
  // Work is counted as time-zone lookups (the dominant cost), not timed; `pnpm bench` times it.
  function lookupsFor(expression: string, count: number): number {
    const lookups = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const occurrences = nextOccurrences(cron(expression, 'Europe/Berlin'), {
        from: at('2026-12-02T12:00:00Z'),
        count,
      });
      expect(occurrences).toHaveLength(count);
      return lookups.mock.calls.length;
    } finally {
      lookups.mockRestore();
    }
  }

  it('cost a bounded number of time-zone lookups per run, however far apart the runs are', () => {
    // Scanning day by day, 50 leap days (200 years) took about 80,000 lookups.
    expect(lookupsFor('0 0 29 2 *', 50)).toBeLessThanOrEqual(50 * 12);
    expect(lookupsFor('0 0 29 2 *', 50)).toBeLessThanOrEqual(60 * Math.max(1, lookupsFor('0 * * * *', 50)));
  });

  it('still find every run of a yearly expression on a daylight-saving day', () => {
    // 2026-03-29 and 2037-03-29 are spring-forward Sundays in Berlin: 02:30 does not exist there.
    const springForward = nextOccurrences(cron('30 2 29 3 *', 'Europe/Berlin'), {
      from: at('2025-06-01T00:00:00Z'),
      count: 12,
    });
    expect(springForward[0]?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(springForward[1]?.toISOString()).toBe('2027-03-29T00:30:00.000Z');
    expect(springForward[11]?.toISOString()).toBe('2037-03-29T01:30:00.000Z');
    // 2026-10-25 is a fall-back Sunday: a cadence fires at both 02:00 and both 02:30.
    const fallBack = nextOccurrences(cron('*/30 2 25 10 *', 'Europe/Berlin'), {
      from: at('2025-11-01T00:00:00Z'),
      count: 5,
    });
    expect(isoList(fallBack)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2027-10-25T00:00:00.000Z',
    ]);
  });
});

describe('minimumGapMs', () => {
  const from = { from: at('2026-01-01T00:00:00Z') };

  it('is the interval itself for interval schedules', () => {
    expect(minimumGapMs({ type: 'interval', intervalMs: 90_000 }, from)).toBe(90_000);
  });

  it.each([
    ['* * * * * *', SECOND_MS],
    ['*/20 * * * * *', 20 * SECOND_MS],
    ['0,45 * * * * *', 15 * SECOND_MS],
    ['* * * * *', MINUTE_MS],
    ['*/5 * * * *', 5 * MINUTE_MS],
    ['0,59 * * * *', MINUTE_MS],
    ['0 * * * *', HOUR_MS],
    ['0 0,23 * * *', HOUR_MS],
    ['30 2 * * *', DAY_MS],
    ['59 23 * * 1,2', DAY_MS],
    ['0 9 * * 1-5', DAY_MS],
    ['0 9 * * 1', 7 * DAY_MS],
    ['0 0 1 * *', 28 * DAY_MS],
    ['0 0 1 1 *', 365 * DAY_MS],
    ['0 0 29 2 *', 1_461 * DAY_MS],
  ])('finds the smallest gap of %s in UTC', (expression, expected) => {
    expect(minimumGapMs(cron(expression), from)).toBe(expected);
  });

  it('accounts for a cadence straddling a daylight-saving change', () => {
    // 01:40 CET and 03:00 CEST on 2026-03-29 are only 20 minutes apart.
    expect(minimumGapMs(cron('*/40 1,3 * * *', 'UTC'), from)).toBe(40 * MINUTE_MS);
    expect(minimumGapMs(cron('*/40 1,3 * * *', 'Europe/Berlin'), from)).toBe(20 * MINUTE_MS);
  });

  it('accounts for a shifted fixed time landing close to the next one', () => {
    // 02:00 does not exist on Lord Howe's spring-forward day; it fires at 02:30, 30 min before 03:00.
    expect(minimumGapMs(cron('0 2,3 * * *', 'Australia/Lord_Howe'), from)).toBe(30 * MINUTE_MS);
  });

  it('knows a local day can be 23 hours long', () => {
    expect(minimumGapMs(cron('0 0 * * *', 'Europe/Berlin'), from)).toBe(23 * HOUR_MS);
    expect(minimumGapMs(cron('0 0 * * *', 'Asia/Tokyo'), from)).toBe(DAY_MS);
  });

  it('answers within 50 ms even for every second', () => {
    const everySecond = cron('* * * * * *', 'Europe/Berlin');
    minimumGapMs(everySecond, from);
    const startedMs = performance.now();
    expect(minimumGapMs(everySecond, from)).toBe(SECOND_MS);
    expect(performance.now() - startedMs).toBeLessThan(50);
  });
});

describe('assertScheduleRespectsFloor', () => {
  const from = at('2026-01-01T00:00:00Z');

  it('accepts schedules at or above the floor', () => {
    expect(() =>
      assertScheduleRespectsFloor({ type: 'interval', intervalMs: 60_000 }, { from, floorMs: 60_000 }),
    ).not.toThrow();
    expect(() => assertScheduleRespectsFloor(cron('* * * * *'), { from, floorMs: 60_000 })).not.toThrow();
  });

  it('rejects an interval below the floor in words that say how to fix it', () => {
    expect(() =>
      assertScheduleRespectsFloor({ type: 'interval', intervalMs: 5_000 }, { from, floorMs: 60_000 }),
    ).toThrow("interval 5 s is below your plan's minimum of 1 min; choose a schedule at least 1 min apart");
  });

  it('rejects a cron expression that fires too often', () => {
    try {
      assertScheduleRespectsFloor(cron('*/30 * * * * *'), {
        from,
        floorMs: 60_000,
        floorName: "this endpoint's minimum",
      });
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(ErrorCode.PLAN_LIMIT_EXCEEDED);
      expect((error as AppError).message).toBe(
        "cron '*/30 * * * * *' fires as often as every 30 s, which is below this endpoint's minimum of 1 min; choose a schedule at least 1 min apart",
      );
      expect((error as AppError).details).toMatchObject({ limit: 'minIntervalMs', issues: [{ path: ['cron'] }] });
    }
  });
});

describe('describeSchedule', () => {
  it('reads naturally', () => {
    expect(describeSchedule({ type: 'interval', intervalMs: 30_000 })).toBe('every 30 s');
    expect(describeSchedule(cron('0 9 * * 1-5', 'Europe/Berlin'))).toBe("cron '0 9 * * 1-5' in Europe/Berlin");
  });
});
