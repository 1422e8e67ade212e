/** Durations well above an endpoint's usual are highlighted: this is the "usual" and the rule. */
export function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const SLOW_FACTOR = 2;
const SLOW_MARGIN_MS = 100;
const MIN_SAMPLES = 5;

export function isUnusuallySlow(durationMs: number | null, usualMs: number | null, samples: number): boolean {
  if (durationMs === null || usualMs === null || samples < MIN_SAMPLES) return false;
  return durationMs > usualMs * SLOW_FACTOR && durationMs - usualMs > SLOW_MARGIN_MS;
}
