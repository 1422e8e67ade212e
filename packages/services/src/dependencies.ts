import type { EngineDependencies } from './engine/contract';

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitSettings {
  /** Every authenticated request, per user, whatever the credential. */
  perUser: RateLimitRule;
  /** Requests made with one API key. */
  perApiKey: RateLimitRule;
  /** "Run now" per user: it bypasses the schedule, so it is held to its own, tighter budget. */
  runNow: RateLimitRule;
  /** Password attempts per e-mail address, against credential stuffing. */
  login: RateLimitRule;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  perUser: { limit: 600, windowMs: 60_000 },
  perApiKey: { limit: 300, windowMs: 60_000 },
  runNow: { limit: 10, windowMs: 60_000 },
  login: { limit: 10, windowMs: 15 * 60_000 },
};

/**
 * Everything a use case may touch, built once by the app's composition root. Services take it
 * as their first argument, so tests pass a real database, a real queue and a controlled clock.
 */
export interface ServiceDependencies extends EngineDependencies {
  rateLimits: RateLimitSettings;
}
