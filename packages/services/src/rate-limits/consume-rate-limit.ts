import { incrementRateLimitBucket } from '@cronwise/db';
import { AppError, ErrorCode, formatDuration } from '@cronwise/domain';
import type { RateLimitRule, ServiceDependencies } from '../dependencies';

export interface RateLimitState {
  limit: number;
  /** Requests left in this window (0 once exceeded). */
  remaining: number;
  /** When the window ends and the count starts again. */
  resetAt: Date;
  isAllowed: boolean;
}

/**
 * Counts one request against `key` in a fixed window stored in PostgreSQL, so the limit holds
 * across every server process. With `isEnforced`, a request over the limit throws RATE_LIMITED
 * (with `retryAfterMs`); otherwise the caller decides from the returned state.
 */
export async function consumeRateLimit(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  key: string,
  rule: RateLimitRule,
  options: { isEnforced?: boolean } = {},
): Promise<RateLimitState> {
  const nowMs = deps.clock.now().getTime();
  const windowStartMs = Math.floor(nowMs / rule.windowMs) * rule.windowMs;
  const { count, windowStart } = await incrementRateLimitBucket(deps.db, key, new Date(windowStartMs));
  const resetAt = new Date(windowStart.getTime() + rule.windowMs);
  const state: RateLimitState = {
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count),
    resetAt,
    isAllowed: count <= rule.limit,
  };
  if (options.isEnforced) assertWithinRateLimit(state, nowMs);
  return state;
}

export function assertWithinRateLimit(state: RateLimitState, nowMs: number): void {
  if (state.isAllowed) return;
  const retryAfterMs = Math.max(1_000, state.resetAt.getTime() - nowMs);
  throw new AppError(
    ErrorCode.RATE_LIMITED,
    `too many requests: the limit is ${state.limit} per window; try again in ${formatDuration(retryAfterMs)}`,
    { retryAfterMs },
  );
}
