import { describe, expect, it } from 'vitest';
import { DAY_MS } from './duration';
import { nextOccurrences, parseSchedule } from './schedule';

/**
 * Daylight-saving rules (see cron-occurrences.ts): a fixed wall-clock time that does not exist
 * fires once, shifted forward by the gap; a fixed time that occurs twice fires once, at the
 * first occurrence; cadences (wildcards, steps) follow elapsed time.
 */
function fireTimes(expression: string, timezone: string, fromIso: string, count: number): string[] {
  const schedule = parseSchedule({ type: 'cron', cron: expression, timezone });
  return nextOccurrences(schedule, { from: new Date(fromIso), count }).map((date) => date.toISOString());
}

describe('Europe/Berlin (CET +1 / CEST +2, changes at 01:00 UTC)', () => {
  it('fires a nonexistent 02:30 once at the shifted 03:30 CEST = 01:30Z on 2026-03-29', () => {
    expect(fireTimes('30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', 3)).toEqual([
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('keeps two nonexistent times distinct when shifted', () => {
    expect(fireTimes('0,30 2 * * *', 'Europe/Berlin', '2026-03-29T00:00:00Z', 3)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
  });

  it('fires a shifted time that coincides with a real one only once', () => {
    expect(fireTimes('0 2,3 * * *', 'Europe/Berlin', '2026-03-29T00:00:00Z', 3)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
      '2026-03-30T01:00:00.000Z',
    ]);
  });

  it('still fires the shifted time when asked from just after the change', () => {
    expect(fireTimes('30 2 * * *', 'Europe/Berlin', '2026-03-29T01:10:00Z', 1)).toEqual(['2026-03-29T01:30:00.000Z']);
  });

  it('lets a cadence skip the missing hour', () => {
    expect(fireTimes('*/15 * * * *', 'Europe/Berlin', '2026-03-29T00:40:00Z', 3)).toEqual([
      '2026-03-29T00:45:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:15:00.000Z',
    ]);
  });

  it('fires a repeated 02:30 once, at its first occurrence (CEST), on 2026-10-25', () => {
    expect(fireTimes('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('does not fire the second 02:30 when asked from inside the repeated hour', () => {
    expect(fireTimes('30 2 * * *', 'Europe/Berlin', '2026-10-25T00:40:00Z', 1)).toEqual(['2026-10-26T01:30:00.000Z']);
  });

  it('lets an hourly cadence run every elapsed hour through the repeated hour', () => {
    expect(fireTimes('0 * * * *', 'Europe/Berlin', '2026-10-24T22:30:00Z', 4)).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });
});

describe('America/New_York (EST -5 / EDT -4, changes at 02:00 local)', () => {
  it('fires a nonexistent 02:30 once at 03:30 EDT on 2026-03-08', () => {
    expect(fireTimes('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('fires a repeated 01:30 once, in EDT, on 2026-11-01', () => {
    expect(fireTimes('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('lets a half-hourly cadence run through both passes of the repeated hour', () => {
    expect(fireTimes('*/30 * * * *', 'America/New_York', '2026-11-01T04:45:00Z', 5)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });
});

describe('Australia/Lord_Howe (+10:30 / +11, a 30-minute change)', () => {
  it('fires a nonexistent 02:15 once at 02:45 LHDT on 2026-10-04', () => {
    expect(fireTimes('15 2 * * *', 'Australia/Lord_Howe', '2026-10-03T00:00:00Z', 2)).toEqual([
      '2026-10-03T15:45:00.000Z',
      '2026-10-04T15:15:00.000Z',
    ]);
  });

  it('lets an hourly cadence skip the missing 02:00', () => {
    expect(fireTimes('0 * * * *', 'Australia/Lord_Howe', '2026-10-03T14:00:00Z', 2)).toEqual([
      '2026-10-03T14:30:00.000Z',
      '2026-10-03T16:00:00.000Z',
    ]);
  });

  it('fires a repeated 01:45 once, at its first occurrence, on 2026-04-05', () => {
    expect(fireTimes('45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z', 2)).toEqual([
      '2026-04-04T14:45:00.000Z',
      '2026-04-05T15:15:00.000Z',
    ]);
  });

  it('lets a quarter-hourly cadence run through both passes of the repeated half hour', () => {
    expect(fireTimes('*/15 * * * *', 'Australia/Lord_Howe', '2026-04-04T14:20:00Z', 5)).toEqual([
      '2026-04-04T14:30:00.000Z',
      '2026-04-04T14:45:00.000Z',
      '2026-04-04T15:00:00.000Z',
      '2026-04-04T15:15:00.000Z',
      '2026-04-04T15:30:00.000Z',
    ]);
  });
});

describe('Asia/Tokyo (no daylight saving)', () => {
  it('fires at the same UTC time every day through the months other zones change', () => {
    for (const fromIso of ['2026-03-28T00:00:00Z', '2026-10-24T00:00:00Z', '2026-10-31T00:00:00Z']) {
      const times = fireTimes('30 2 * * *', 'Asia/Tokyo', fromIso, 5).map((iso) => Date.parse(iso));
      expect(times.every((time) => new Date(time).toISOString().endsWith('T17:30:00.000Z'))).toBe(true);
      expect(times.slice(1).map((time, index) => time - (times[index] ?? 0))).toEqual([DAY_MS, DAY_MS, DAY_MS, DAY_MS]);
    }
  });
});
