import type { BillingDependencies } from './billing/billing-settings';
import type { EngineDependencies } from './engine/contract';
import type { Mailer } from './mail/mailer';

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
  /**
   * Password attempts per client address and e-mail pair. Keyed by the pair, never by the e-mail
   * alone, so nobody can lock a victim out by failing logins for their address.
   */
  login: RateLimitRule;
  /** Anonymous account actions (sign-up, log-in, reset request) per client address: stops spraying. */
  anonymousPerAddress: RateLimitRule;
  /** Account mail (sign-up, reset, resend) per client address and e-mail pair: stops mail bombing. */
  accountMail: RateLimitRule;
  /** Requests carrying an unknown API key or session cookie, per client address. */
  invalidCredentials: RateLimitRule;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  perUser: { limit: 600, windowMs: 60_000 },
  perApiKey: { limit: 300, windowMs: 60_000 },
  runNow: { limit: 10, windowMs: 60_000 },
  login: { limit: 10, windowMs: 15 * 60_000 },
  anonymousPerAddress: { limit: 100, windowMs: 15 * 60_000 },
  accountMail: { limit: 5, windowMs: 60 * 60_000 },
  invalidCredentials: { limit: 60, windowMs: 60_000 },
};

/** What account e-mails need: how to send, and where their links point. */
export interface AccountMailSettings {
  mailer: Mailer;
  /** Public origin of the app, e.g. "https://cronwise.example.com"; links in mail start here. */
  publicUrl: string;
}

/**
 * Everything a use case may touch, built once by the app's composition root. Services take it
 * as their first argument, so tests pass a real database, a real queue and a controlled clock.
 */
export interface ServiceDependencies extends EngineDependencies {
  rateLimits: RateLimitSettings;
  /** Stripe billing; absent when this deployment has no Stripe keys (plans are set by operators). */
  billing?: BillingDependencies | undefined;
  accountMail: AccountMailSettings;
}
