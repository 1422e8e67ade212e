import { type ApiKeyRecord, createApiKey as insertApiKey } from '@cronwise/db';
import { AppError, DAY_MS, ErrorCode } from '@cronwise/domain';
import type { Actor, ApiScope } from '../actor';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { assertEmailVerified } from '../auth/verify-email';
import { generateRandomToken, hashToken } from '../crypto/tokens';
import type { ServiceDependencies } from '../dependencies';

/** Keys read "cw_" + 32 base32 characters (160 random bits); this many lead characters are shown. */
export const API_KEY_PREFIX = 'cw_';
const DISPLAYED_PREFIX_LENGTH = 11;
export const MAX_API_KEY_LIFETIME_DAYS = 3_650;

export interface CreateApiKeyInput {
  name: string;
  scopes: ApiScope[];
  /** Omit for a key that never expires. */
  expiresInDays?: number;
}

/** Creates a key and returns it in full exactly once; only its SHA-256 is stored. */
export async function createApiKey(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  actor: Actor,
  input: CreateApiKeyInput,
): Promise<{ apiKey: ApiKeyRecord; key: string }> {
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'choose at least one scope: read, write or admin', {
      issues: [{ path: ['scopes'], message: 'must not be empty' }],
    });
  }
  await assertEmailVerified(deps, actor, 'create API keys');
  const key = `${API_KEY_PREFIX}${generateRandomToken(20)}`;
  const expiresAt =
    input.expiresInDays === undefined ? null : new Date(deps.clock.now().getTime() + input.expiresInDays * DAY_MS);
  const apiKey = await insertApiKey(deps.db, {
    userId: actor.userId,
    name: input.name,
    prefix: key.slice(0, DISPLAYED_PREFIX_LENGTH),
    hash: hashToken(key),
    scopes,
    expiresAt,
  });
  await recordAuditEntry(deps.db, actor, {
    action: 'api-key.created',
    targetType: 'api-key',
    targetId: apiKey.id,
    details: { scopes: scopes.join(',') },
  });
  return { apiKey, key };
}
