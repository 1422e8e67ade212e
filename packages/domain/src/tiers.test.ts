import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { DEFAULT_TIER_LIMITS, isTier, monthKey, resolveTierLimits, startOfNextMonthUtc, TIERS } from './tiers';

describe('DEFAULT_TIER_LIMITS', () => {
  it('holds exactly the published plan limits', () => {
    expect(DEFAULT_TIER_LIMITS).toEqual({
      free: {
        maxEndpoints: 5,
        minIntervalMs: 60_000,
        runsPerMonth: 10_000,
        aiTokensPerMonth: 100_000,
        runRetentionDays: 7,
        responseCaptureBytes: 65_536,
        timeoutCapMs: 30_000,
        retriesPerRun: 2,
      },
      pro: {
        maxEndpoints: 100,
        minIntervalMs: 10_000,
        runsPerMonth: 200_000,
        aiTokensPerMonth: 15_000_000,
        runRetentionDays: 30,
        responseCaptureBytes: 262_144,
        timeoutCapMs: 120_000,
        retriesPerRun: 5,
      },
      enterprise: {
        maxEndpoints: 1_000,
        minIntervalMs: 1_000,
        runsPerMonth: 5_000_000,
        aiTokensPerMonth: 50_000_000,
        runRetentionDays: 90,
        responseCaptureBytes: 1_048_576,
        timeoutCapMs: 300_000,
        retriesPerRun: 10,
      },
    });
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(DEFAULT_TIER_LIMITS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_TIER_LIMITS.free)).toBe(true);
  });
});

describe('resolveTierLimits', () => {
  it('returns the defaults without overrides', () => {
    expect(resolveTierLimits()).toEqual(DEFAULT_TIER_LIMITS);
    expect(resolveTierLimits(null)).toEqual(DEFAULT_TIER_LIMITS);
  });

  it('merges partial overrides per tier', () => {
    const limits = resolveTierLimits({
      free: { maxEndpoints: 50, retriesPerRun: 0 },
      enterprise: { runRetentionDays: 365 },
    });
    expect(limits.free).toEqual({ ...DEFAULT_TIER_LIMITS.free, maxEndpoints: 50, retriesPerRun: 0 });
    expect(limits.enterprise.runRetentionDays).toBe(365);
    expect(limits.pro).toEqual(DEFAULT_TIER_LIMITS.pro);
  });

  it('does not mutate the defaults', () => {
    resolveTierLimits({ free: { maxEndpoints: 50 } });
    expect(DEFAULT_TIER_LIMITS.free.maxEndpoints).toBe(5);
  });

  it('names every bad override with its path', () => {
    try {
      resolveTierLimits({ gold: {}, free: { endpoints: 10, minIntervalMs: 0 }, pro: 5 });
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details?.issues).toEqual([
        { path: ['gold'], message: "unknown tier 'gold'; use free, pro, enterprise" },
        {
          path: ['free', 'endpoints'],
          message:
            "unknown limit 'endpoints'; known limits are maxEndpoints, minIntervalMs, runsPerMonth, aiTokensPerMonth, runRetentionDays, responseCaptureBytes, timeoutCapMs, retriesPerRun",
        },
        { path: ['free', 'minIntervalMs'], message: 'must be a whole number of at least 1; got 0' },
        { path: ['pro'], message: 'must be an object of limits' },
      ]);
    }
  });

  it('rejects overrides that are not an object', () => {
    expect(() => resolveTierLimits('free.maxEndpoints=10')).toThrow(
      'tier limit overrides must be an object such as {"free": {"maxEndpoints": 10}}',
    );
    expect(() => resolveTierLimits([])).toThrow(AppError);
  });
});

describe('tiers', () => {
  it('recognises tier names', () => {
    expect(TIERS.every(isTier)).toBe(true);
    expect(isTier('gold')).toBe(false);
    expect(isTier(1)).toBe(false);
  });
});

describe('months', () => {
  it('keys usage by UTC month', () => {
    expect(monthKey(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
    expect(monthKey(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01');
  });

  it('resets quotas at the start of the next UTC month, across years', () => {
    expect(startOfNextMonthUtc(new Date('2026-12-15T10:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(startOfNextMonthUtc(new Date('2026-02-01T00:00:00Z')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
