import { createHash } from 'node:crypto';
import { HOUR_MS, SECOND_MS } from './duration';

/** Backoff stops growing after 2^5 = 32 × the interval, so a broken endpoint is still probed. */
export const MAX_BACKOFF_EXPONENT = 5;
/** Backed-off runs move by up to ±10% so that endpoints failing together do not retry together. */
export const BACKOFF_JITTER_RATIO = 0.1;

/**
 * The longest a failing endpoint waits between runs unless a deployment configures otherwise:
 * without it, a weekly job would back off to 32 weeks.
 */
export const DEFAULT_MAX_BACKOFF_MS = 24 * HOUR_MS;

/**
 * interval × 2^min(streak, 5), at most `maxBackoffMs`; the interval itself when the streak is 0.
 * The cap never shortens the interval: a failing weekly job stays weekly rather than running daily.
 */
export function backoffIntervalMs(
  intervalMs: number,
  failureStreak: number,
  maxBackoffMs: number = DEFAULT_MAX_BACKOFF_MS,
): number {
  const grownMs = intervalMs * 2 ** Math.min(Math.max(failureStreak, 0), MAX_BACKOFF_EXPONENT);
  return Math.max(intervalMs, Math.min(grownMs, maxBackoffMs));
}

/**
 * A jitter in [-10%, +10%] of `delayMs`, in whole seconds so planned times stay readable. It is
 * derived from a hash of the endpoint id and the streak instead of a random number, so the
 * governor stays a pure function (same input, same plan) while endpoints that fail together
 * still spread out.
 */
export function backoffJitterMs(endpointId: string, failureStreak: number, delayMs: number): number {
  const digest = createHash('sha256').update(`${endpointId}\u0000${failureStreak}`).digest();
  const unit = digest.readUInt32BE(0) / 2 ** 32;
  const jitterMs = (unit * 2 - 1) * BACKOFF_JITTER_RATIO * delayMs;
  // Rounding towards zero keeps the jitter within ±10%; `|| 0` turns -0 into 0.
  return Math.trunc(jitterMs / SECOND_MS) * SECOND_MS || 0;
}
