import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from './duration';
import { computeHealth, currentFailureStreak, nearestRankPercentile, type RunRecord, type RunStatus } from './health';

const now = new Date('2026-05-04T14:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * MINUTE_MS);
const run = (
  status: RunStatus,
  minutes: number,
  durationMs: number | null = 100,
  latenessMs: number | null = 10,
): RunRecord => ({
  status,
  plannedAt: minutesAgo(minutes),
  durationMs,
  latenessMs,
});

describe('nearestRankPercentile', () => {
  it('picks the value at rank ceil(p/100 × n)', () => {
    const values = [15, 20, 35, 40, 50];
    expect(nearestRankPercentile(values, 5)).toBe(15);
    expect(nearestRankPercentile(values, 30)).toBe(20);
    expect(nearestRankPercentile(values, 40)).toBe(20);
    expect(nearestRankPercentile(values, 50)).toBe(35);
    expect(nearestRankPercentile(values, 100)).toBe(50);
    expect(nearestRankPercentile(values, 0)).toBe(15);
  });

  it('does not depend on input order and always returns an observed value', () => {
    expect(nearestRankPercentile([50, 15, 40, 20, 35], 95)).toBe(50);
    expect(nearestRankPercentile([3, 1, 2], 50)).toBe(2);
  });

  it('is null without values and rejects a percentile outside 0-100', () => {
    expect(nearestRankPercentile([], 50)).toBeNull();
    expect(() => nearestRankPercentile([1], 101)).toThrow('percentile: must be between 0 and 100; got 101');
  });
});

describe('currentFailureStreak', () => {
  it('counts failures and timeouts back from the newest run', () => {
    expect(currentFailureStreak([run('success', 30), run('failure', 20), run('timeout', 10), run('failure', 5)])).toBe(
      3,
    );
  });

  it('looks past skipped, canceled and quota-exceeded runs', () => {
    expect(
      currentFailureStreak([
        run('failure', 30),
        run('skipped', 20),
        run('failure', 10),
        run('canceled', 5),
        run('quota_exceeded', 1),
      ]),
    ).toBe(2);
  });

  it('is zero after a success, whatever the input order', () => {
    expect(currentFailureStreak([run('success', 1), run('failure', 10), run('failure', 20)])).toBe(0);
    expect(currentFailureStreak([])).toBe(0);
  });
});

describe('computeHealth', () => {
  const runs = [
    run('success', 50, 100, 5),
    run('success', 40, 200, 15),
    run('failure', 30, 300, 25),
    run('timeout', 20, 30_000, 35),
    run('skipped', 15, null, null),
    run('success', 10, 400, 45),
    run('quota_exceeded', 5, null, null),
    run('failure', 2 * 60, 900, 1_000),
  ];

  it('summarises the runs planned within the window', () => {
    expect(computeHealth(runs, { now, windowMs: HOUR_MS })).toEqual({
      count: 7,
      countsByStatus: { success: 3, failure: 1, timeout: 1, skipped: 1, quota_exceeded: 1, canceled: 0 },
      successRate: 3 / 5,
      durationP50Ms: 300,
      durationP95Ms: 30_000,
      latenessP50Ms: 25,
      latenessP99Ms: 45,
      failureStreak: 0,
    });
  });

  it('excludes runs planned exactly at the window start and after now', () => {
    const edge = [
      run('success', 60),
      run('success', 0),
      { ...run('failure', 0), plannedAt: new Date(now.getTime() + 1) },
    ];
    expect(computeHealth(edge, { now, windowMs: HOUR_MS }).count).toBe(1);
  });

  it('has no rate or percentiles without executed runs', () => {
    expect(computeHealth([run('skipped', 5, null, null)], { now, windowMs: HOUR_MS })).toMatchObject({
      count: 1,
      successRate: null,
      durationP50Ms: null,
      latenessP99Ms: null,
    });
  });

  it('reports the failure streak over all runs given, not only the window', () => {
    expect(
      computeHealth([run('failure', 120), run('failure', 5)], { now, windowMs: 10 * MINUTE_MS }).failureStreak,
    ).toBe(2);
  });
});
