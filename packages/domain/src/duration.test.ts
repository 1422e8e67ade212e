import { describe, expect, it } from 'vitest';
import { DAY_MS, formatDuration, HOUR_MS, MINUTE_MS, SECOND_MS } from './duration';

describe('formatDuration', () => {
  it.each([
    [30 * SECOND_MS, '30 s'],
    [5 * MINUTE_MS, '5 min'],
    [2 * HOUR_MS, '2 h'],
    [90 * MINUTE_MS, '1 h 30 min'],
    [90 * SECOND_MS, '1 min 30 s'],
    [1_500, '1.5 s'],
    [250, '250 ms'],
    [0, '0 ms'],
    [3 * DAY_MS, '3 d'],
    [2 * DAY_MS + 3 * HOUR_MS + 4 * MINUTE_MS, '2 d 3 h'],
    [2 * DAY_MS + 5 * MINUTE_MS, '2 d'],
    [-5 * MINUTE_MS, '-5 min'],
    [Number.POSITIVE_INFINITY, 'forever'],
  ])('formats %d ms as "%s"', (durationMs, expected) => {
    expect(formatDuration(durationMs)).toBe(expected);
  });
});
