import { type ApiKeyRecord, listApiKeysForUser } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';

export function listApiKeys(deps: Pick<ServiceDependencies, 'db'>, actor: Actor): Promise<ApiKeyRecord[]> {
  return listApiKeysForUser(deps.db, actor.userId);
}
