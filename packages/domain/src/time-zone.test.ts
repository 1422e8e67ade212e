import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from './duration';
import {
  canonicalTimeZone,
  deprecatedZoneAlias,
  findNextTransition,
  formatLocalTime,
  formatLocalTimeWithOffset,
  formatUtcOffset,
  localDateTime,
  suggestTimeZone,
  transitionsBetween,
  wallClockMs,
  zoneOffsetMs,
} from './time-zone';

const at = (iso: string) => Date.parse(iso);

describe('zone offsets', () => {
  it('reads the offset in force at an instant', () => {
    expect(zoneOffsetMs('Europe/Berlin', at('2026-01-15T12:00:00Z'))).toBe(HOUR_MS);
    expect(zoneOffsetMs('Europe/Berlin', at('2026-07-15T12:00:00Z'))).toBe(2 * HOUR_MS);
    expect(zoneOffsetMs('America/New_York', at('2026-01-15T12:00:00Z'))).toBe(-5 * HOUR_MS);
    expect(zoneOffsetMs('Australia/Lord_Howe', at('2026-07-15T12:00:00Z'))).toBe(10.5 * HOUR_MS);
    expect(zoneOffsetMs('Asia/Tokyo', at('2026-07-15T12:00:00Z'))).toBe(9 * HOUR_MS);
  });

  it('gives wall-clock values as UTC-encoded local fields', () => {
    expect(wallClockMs('Europe/Berlin', at('2026-03-29T01:30:00.250Z'))).toBe(at('2026-03-29T03:30:00.250Z'));
  });

  it('reads local date fields including the weekday', () => {
    expect(localDateTime('Asia/Tokyo', at('2026-12-31T15:00:00Z'))).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      weekday: 5,
    });
  });
});

describe('time zone names', () => {
  it('canonicalises known names and rejects unknown names and raw offsets', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Europe/Berln')).toBeNull();
    expect(canonicalTimeZone('+02:00')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('suggests the closest known name for a typo', () => {
    expect(suggestTimeZone('Europe/Berln')).toBe('Europe/Berlin');
    expect(suggestTimeZone('America/New_Yrok')).toBe('America/New_York');
    expect(suggestTimeZone('tokyo')).toBe('Asia/Tokyo');
  });

  it('falls back to a well-known example when nothing is close', () => {
    expect(suggestTimeZone('Mars/Olympus_Mons_Base')).toBe('Europe/Berlin');
  });
});

describe('transitions', () => {
  it('finds the exact second of each offset change in a year', () => {
    const transitions = transitionsBetween('Europe/Berlin', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'));
    expect(transitions).toEqual([
      { atMs: at('2026-03-29T01:00:00Z'), offsetBeforeMs: HOUR_MS, offsetAfterMs: 2 * HOUR_MS },
      { atMs: at('2026-10-25T01:00:00Z'), offsetBeforeMs: 2 * HOUR_MS, offsetAfterMs: HOUR_MS },
    ]);
  });

  it('finds the 30-minute Lord Howe changes', () => {
    const transitions = transitionsBetween(
      'Australia/Lord_Howe',
      at('2026-01-01T00:00:00Z'),
      at('2027-01-01T00:00:00Z'),
    );
    expect(transitions.map((transition) => transition.offsetAfterMs - transition.offsetBeforeMs)).toEqual([
      -30 * MINUTE_MS,
      30 * MINUTE_MS,
    ]);
  });

  it('finds none in a zone without daylight saving', () => {
    expect(findNextTransition('Asia/Tokyo', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('formatLocalTime', () => {
  const reference = at('2026-05-04T10:00:00Z');

  it('shows hours and minutes on the same local day', () => {
    expect(formatLocalTime(at('2026-05-04T14:05:00Z'), 'UTC', reference)).toBe('14:05');
  });

  it('shows seconds only when they are not zero', () => {
    expect(formatLocalTime(at('2026-05-04T14:05:30Z'), 'UTC', reference)).toBe('14:05:30');
  });

  it('adds the date on another day and the year in another year', () => {
    expect(formatLocalTime(at('2026-05-05T09:00:00Z'), 'UTC', reference)).toBe('May 5 09:00');
    expect(formatLocalTime(at('2027-01-02T09:00:00Z'), 'UTC', reference)).toBe('Jan 2 2027 09:00');
  });

  it('uses the given zone', () => {
    expect(formatLocalTime(at('2026-05-04T14:05:00Z'), 'Europe/Berlin', reference)).toBe('16:05');
  });
});

describe('formatUtcOffset and formatLocalTimeWithOffset', () => {
  it('write whole, half and quarter hours, and UTC for zero', () => {
    expect(formatUtcOffset(0)).toBe('UTC');
    expect(formatUtcOffset(2 * 3_600_000)).toBe('UTC+2');
    expect(formatUtcOffset(-4 * 3_600_000)).toBe('UTC-4');
    expect(formatUtcOffset(5.5 * 3_600_000)).toBe('UTC+5:30');
    expect(formatUtcOffset(5.75 * 3_600_000)).toBe('UTC+5:45');
  });

  it('tell the two 02:30s of fall-back day apart', () => {
    const referenceMs = Date.parse('2026-10-25T00:00:00Z');
    expect(formatLocalTimeWithOffset(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Berlin', referenceMs)).toBe(
      '02:30 UTC+2',
    );
    expect(formatLocalTimeWithOffset(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin', referenceMs)).toBe(
      '02:30 UTC+1',
    );
  });
});

describe('deprecatedZoneAlias', () => {
  it('names what a placeless legacy alias means today', () => {
    expect(deprecatedZoneAlias('EST')).toBe('America/Panama');
    expect(deprecatedZoneAlias('CET')).toBe('Europe/Brussels');
  });

  it('leaves place names, UTC and GMT alone', () => {
    expect(deprecatedZoneAlias('Europe/Berlin')).toBeNull();
    expect(deprecatedZoneAlias('UTC')).toBeNull();
    expect(deprecatedZoneAlias('gmt')).toBeNull();
    expect(deprecatedZoneAlias('Nowhere')).toBeNull();
  });
});
