import { describe, expect, it } from 'vitest';
import { describeInterval, formatDuration, formatRelative, prettyBody, splitInterval } from './format';

const NOW = Date.parse('2026-12-02T12:00:00.000Z');

describe('relative times', () => {
  it('says how far ahead or behind an instant is, in the largest fitting unit', () => {
    expect(formatRelative('2026-12-02T12:04:00.000Z', NOW)).toBe('in 4 min');
    expect(formatRelative('2026-12-02T10:00:00.000Z', NOW)).toBe('2 h ago');
    expect(formatRelative('2026-12-05T12:00:00.000Z', NOW)).toBe('in 3 d');
    expect(formatRelative('2026-12-02T11:59:58.000Z', NOW)).toBe('just now');
  });
});

describe('durations', () => {
  it('reads like a person would say it', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
    expect(formatDuration(7_200_000)).toBe('2 h');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('intervals', () => {
  it('names an interval by its largest exact unit', () => {
    expect(describeInterval(900_000)).toBe('every 15 minutes');
    expect(describeInterval(3_600_000)).toBe('every hour');
    expect(describeInterval(1500)).toBe('every 1.5 s');
  });

  it('splits an interval into amount and unit for the form', () => {
    expect(splitInterval(7_200_000)).toEqual({ amount: 2, unit: 'hours' });
    expect(splitInterval(90_000)).toEqual({ amount: 90, unit: 'seconds' });
  });
});

describe('response bodies', () => {
  it('pretty-prints JSON and leaves other text alone', () => {
    expect(prettyBody('{"ok":true}', 'application/json')).toBe('{\n  "ok": true\n}');
    expect(prettyBody('plain text', 'text/plain')).toBe('plain text');
    expect(prettyBody('{broken', 'application/json')).toBe('{broken');
  });
});
