import { HOUR_MS, MINUTE_MS } from './duration';

/**
 * Health rollups: runs are summed per endpoint and time bucket, with durations and lateness kept
 * as histograms over fixed bins, so a health window costs a few rows however many runs it holds.
 *
 * Two bucket sizes, written together: five-minute buckets answer the last hour, hourly buckets the
 * last day and week. A window's edge is therefore exact to its bucket size (5 min, 1 h).
 */
export const FINE_ROLLUP_BUCKET_MS = 5 * MINUTE_MS;
export const COARSE_ROLLUP_BUCKET_MS = HOUR_MS;

/**
 * Lower bounds (ms) of the histogram bins 1..n; bin 0 holds everything below 1 ms (including
 * negative lateness), bin i holds [bound i, bound i+1), the last bin is open-ended. Roughly 1.5×
 * apart, so a percentile read from the histogram is within one bin of the exact value. The same
 * bins serve durations and lateness; changing them needs a rebuild of the rollups.
 */
export const HEALTH_HISTOGRAM_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000,
  20_000, 30_000, 60_000, 120_000, 300_000, 900_000, 3_600_000,
];

/** The bin a value falls in: the same rule as PostgreSQL's `width_bucket(value, bounds)`. */
export function histogramBin(value: number, bounds: readonly number[] = HEALTH_HISTOGRAM_BOUNDS_MS): number {
  let bin = 0;
  while (bin < bounds.length && value >= (bounds[bin] as number)) bin += 1;
  return bin;
}

/** The largest whole millisecond a bin holds; null for the open-ended last bin. */
export function binUpperBoundMs(bin: number, bounds: readonly number[] = HEALTH_HISTOGRAM_BOUNDS_MS): number | null {
  const next = bounds[bin];
  return next === undefined ? null : next - 1;
}

/**
 * Nearest-rank percentile (see `computeHealth`) read from a histogram: the bin holding rank
 * ceil(p × n), reported as that bin's upper bound, capped by the largest value seen. So the
 * exact percentile v and the reported r always satisfy v ≤ r ≤ upper bound of v's bin.
 * `maxValue` may overstate the true maximum (a superseded attempt is subtracted from the counts
 * but not from the maximum); the inequality still holds.
 */
export function percentileFromHistogram(
  counts: readonly number[],
  percentile: number,
  maxValue: number | null,
  bounds: readonly number[] = HEALTH_HISTOGRAM_BOUNDS_MS,
): number | null {
  const total = counts.reduce((sum, count) => sum + Math.max(0, count), 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * total));
  let seen = 0;
  for (let bin = 0; bin < counts.length; bin += 1) {
    seen += Math.max(0, counts[bin] ?? 0);
    if (seen < rank) continue;
    const upper = binUpperBoundMs(bin, bounds);
    if (upper === null) return maxValue;
    return maxValue === null ? upper : Math.min(upper, maxValue);
  }
  return maxValue;
}
