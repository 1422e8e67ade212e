import { createHash } from 'node:crypto';
import { SECOND_MS } from './duration';

/** Backoff stops growing after 2^5 = 32 × the interval, so a broken endpoint is still probed. */
export const MAX_BACKOFF_EXPONENT = 5;
/** Backed-off runs move by up to ±10% so that endpoints failing together do not retry together. */
export const BACKOFF_JITTER_RATIO = 0.1;

/** interval × 2^min(streak, 5); the interval itself when the streak is 0. */
export function backoffIntervalMs(intervalMs: number, failureStreak: number): number {
  return intervalMs * 2 ** Math.min(Math.max(failureStreak, 0), MAX_BACKOFF_EXPONENT);
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
