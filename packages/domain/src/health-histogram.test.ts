import { describe, expect, it } from 'vitest';
import { computeHealth, type RunRecord } from './health';
import { binUpperBoundMs, HEALTH_HISTOGRAM_BOUNDS_MS, histogramBin, percentileFromHistogram } from './health-histogram';

function histogramOf(values: number[]): number[] {
  const counts = new Array<number>(HEALTH_HISTOGRAM_BOUNDS_MS.length + 1).fill(0);
  for (const value of values) counts[histogramBin(value)] = (counts[histogramBin(value)] ?? 0) + 1;
  return counts;
}

describe('histogram bins', () => {
  it('put a value on its lower bound into that bound’s bin, like width_bucket', () => {
    expect(histogramBin(-40)).toBe(0);
    expect(histogramBin(0)).toBe(0);
    expect(histogramBin(1)).toBe(1);
    expect(histogramBin(149)).toBe(histogramBin(100));
    expect(histogramBin(150)).toBe(histogramBin(100) + 1);
    expect(histogramBin(10_000_000)).toBe(HEALTH_HISTOGRAM_BOUNDS_MS.length);
  });

  it('give every bin but the last an inclusive upper bound one below the next bin', () => {
    expect(binUpperBoundMs(0)).toBe(0);
    expect(binUpperBoundMs(histogramBin(100))).toBe(149);
    expect(binUpperBoundMs(HEALTH_HISTOGRAM_BOUNDS_MS.length)).toBeNull();
  });
});

describe('percentiles from a histogram', () => {
  it('are null without values', () => {
    expect(percentileFromHistogram(histogramOf([]), 50, null)).toBeNull();
  });

  it('report the upper bound of the bin holding the nearest rank, capped by the maximum', () => {
    const values = [120, 130, 140, 900, 4_000];
    expect(percentileFromHistogram(histogramOf(values), 50, 4_000)).toBe(149);
    expect(percentileFromHistogram(histogramOf(values), 95, 4_000)).toBe(4_000);
    expect(percentileFromHistogram(histogramOf([130, 130]), 50, 130)).toBe(130);
  });

  it('report the maximum for the open-ended last bin', () => {
    expect(percentileFromHistogram(histogramOf([5_000_000]), 99, 5_000_000)).toBe(5_000_000);
  });

  it('stay within one bin above the exact nearest-rank percentile', () => {
    // A deterministic spread of durations and lateness values, negative lateness included.
    const runs: RunRecord[] = Array.from({ length: 997 }, (_, index) => ({
      status: 'success',
      plannedAt: new Date(1_000 + index),
      durationMs: (index * 7_919) % 45_000,
      latenessMs: ((index * 104_729) % 3_000) - 200,
    }));
    const exact = computeHealth(runs, { now: new Date(10_000), windowMs: 10_000 });
    const durations = runs.map((run) => run.durationMs as number);
    const lateness = runs.map((run) => run.latenessMs as number);
    const cases: [number | null, number[], number][] = [
      [exact.durationP50Ms, durations, 50],
      [exact.durationP95Ms, durations, 95],
      [exact.latenessP50Ms, lateness, 50],
      [exact.latenessP99Ms, lateness, 99],
    ];
    for (const [exactValue, values, percentile] of cases) {
      if (exactValue === null) throw new Error('expected a value');
      const reported = percentileFromHistogram(histogramOf(values), percentile, Math.max(...values));
      expect(reported).not.toBeNull();
      expect(reported as number).toBeGreaterThanOrEqual(exactValue);
      expect(reported as number).toBeLessThanOrEqual(binUpperBoundMs(histogramBin(exactValue)) ?? Number.MAX_VALUE);
    }
  });
});
