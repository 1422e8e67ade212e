import { findActiveApiKeyByHash, touchApiKeyLastUsed } from '@cronwise/db';
import { type Actor, API_SCOPES, type ApiScope } from '../actor';
import { hashToken } from '../crypto/tokens';
import type { ServiceDependencies } from '../dependencies';

/** Last-used times are kept to the minute: exact enough to spot stale keys, one write a minute at most. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** The actor behind a bearer key, or null for an unknown, revoked or expired key. */
export async function authenticateApiKey(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  key: string,
): Promise<Actor | null> {
  const now = deps.clock.now();
  const found = await findActiveApiKeyByHash(deps.db, hashToken(key), now);
  if (!found) return null;
  await touchApiKeyLastUsed(deps.db, found.apiKey.id, now, LAST_USED_GRANULARITY_MS);
  const { user, apiKey } = found;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    isEmailVerified: user.emailVerifiedAt !== null,
    credential: {
      kind: 'api-key',
      apiKeyId: apiKey.id,
      scopes: apiKey.scopes.filter((scope): scope is ApiScope => (API_SCOPES as readonly string[]).includes(scope)),
    },
  };
}
