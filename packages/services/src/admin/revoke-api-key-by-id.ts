import { type ApiKeyRecord, findApiKeyById, findUserById } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import { revokeApiKey } from '../api-keys/revoke-api-key';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';
import { actingAs, type Operator } from './operator';

/** Revokes any user's key by id, at once; requests with it fail from now on. */
export async function revokeApiKeyById(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  operator: Operator,
  id: string,
): Promise<ApiKeyRecord> {
  const apiKey = await findApiKeyById(deps.db, id);
  if (!apiKey) throw notFound('API key', id);
  if (apiKey.revokedAt) {
    throw new AppError(ErrorCode.CONFLICT, `API key ${id} was already revoked at ${apiKey.revokedAt.toISOString()}`);
  }
  const owner = await findUserById(deps.db, apiKey.userId);
  if (!owner) throw notFound('API key', id);
  await revokeApiKey(deps, actingAs(owner, operator), id);
  return (await findApiKeyById(deps.db, id)) ?? apiKey;
}
