import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './duration';
import {
  BACKOFF_JITTER_RATIO,
  backoffIntervalMs,
  backoffJitterMs,
  DEFAULT_MAX_BACKOFF_MS,
  MAX_BACKOFF_EXPONENT,
} from './failure-backoff';

describe('backoffIntervalMs', () => {
  it('doubles the interval per failure up to 2^5', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((streak) => backoffIntervalMs(MINUTE_MS, streak) / MINUTE_MS)).toEqual([
      1, 2, 4, 8, 16, 32, 32, 32,
    ]);
    expect(MAX_BACKOFF_EXPONENT).toBe(5);
  });

  it('treats a negative streak as none', () => {
    expect(backoffIntervalMs(MINUTE_MS, -3)).toBe(MINUTE_MS);
  });

  it('never waits longer than the absolute cap, 24 h by default', () => {
    expect(DEFAULT_MAX_BACKOFF_MS).toBe(DAY_MS);
    // 2 h × 2^5 would be 64 h.
    expect(backoffIntervalMs(2 * HOUR_MS, 5)).toBe(DAY_MS);
    expect(backoffIntervalMs(2 * HOUR_MS, 5, 6 * HOUR_MS)).toBe(6 * HOUR_MS);
    expect(backoffIntervalMs(2 * HOUR_MS, 1, 6 * HOUR_MS)).toBe(4 * HOUR_MS);
  });

  it('keeps a weekly job weekly instead of backing it off to 224 days or running it more often', () => {
    expect(backoffIntervalMs(7 * DAY_MS, 5)).toBe(7 * DAY_MS);
  });
});

describe('backoffJitterMs', () => {
  it('is the same for the same endpoint and streak', () => {
    expect(backoffJitterMs('ep_1', 3, 40 * MINUTE_MS)).toBe(backoffJitterMs('ep_1', 3, 40 * MINUTE_MS));
  });

  it('differs between endpoints and streaks', () => {
    const jitters = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((endpointId) => backoffJitterMs(endpointId, 2, 40 * MINUTE_MS)),
    );
    expect(jitters.size).toBeGreaterThan(3);
    expect(backoffJitterMs('ep_1', 1, 40 * MINUTE_MS)).not.toBe(backoffJitterMs('ep_1', 2, 40 * MINUTE_MS));
  });

  it('stays within ±10% and in whole seconds', () => {
    for (let index = 0; index < 200; index += 1) {
      const delayMs = (index + 1) * 7 * SECOND_MS;
      const jitterMs = backoffJitterMs(`endpoint-${index}`, index % 6, delayMs);
      expect(Math.abs(jitterMs)).toBeLessThanOrEqual(delayMs * BACKOFF_JITTER_RATIO);
      expect(Math.abs(jitterMs) % SECOND_MS).toBe(0);
    }
  });
});
