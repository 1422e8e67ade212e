import type { RateLimitRule, ServiceDependencies } from '../dependencies';
import { consumeRateLimit } from '../rate-limits/consume-rate-limit';
import type { ClientInfo } from './sessions';

export type AnonymousAction = 'sign-up' | 'log-in' | 'password-reset' | 'verification-mail';

/**
 * Throttles an unauthenticated account action twice, both in PostgreSQL so the limits hold across
 * server processes: per client address (spraying many e-mails from one place), and per client
 * address and e-mail pair (guessing one account's password, or mail bombing one inbox). Nothing is
 * keyed by the e-mail alone: an attacker elsewhere can never lock the owner out.
 */
export async function throttleAnonymous(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'rateLimits'>,
  action: AnonymousAction,
  client: ClientInfo,
  email: string,
): Promise<void> {
  const address = client.ipAddress ?? 'unknown';
  await consumeRateLimit(deps, `anon:${address}`, deps.rateLimits.anonymousPerAddress, { isEnforced: true });
  const pairRule: RateLimitRule = action === 'log-in' ? deps.rateLimits.login : deps.rateLimits.accountMail;
  await consumeRateLimit(deps, `${action}:${address}:${email}`, pairRule, { isEnforced: true });
}
