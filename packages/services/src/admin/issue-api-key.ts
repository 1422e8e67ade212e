import type { ApiKeyRecord, UserRecord } from '@cronwise/db';
import type { ApiScope } from '../actor';
import { createApiKey } from '../api-keys/create-api-key';
import type { ServiceDependencies } from '../dependencies';
import { actingAs, findUserByEmailOrFail, type Operator } from './operator';

/** Creates an API key for a user (found by e-mail); the key is returned in full this once. */
export async function issueApiKey(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  operator: Operator,
  input: { email: string; name: string; scopes: ApiScope[]; expiresInDays?: number },
): Promise<{ apiKey: ApiKeyRecord; key: string; user: UserRecord }> {
  const user = await findUserByEmailOrFail(deps, input.email);
  const created = await createApiKey(deps, actingAs(user, operator), {
    name: input.name,
    scopes: input.scopes,
    ...(input.expiresInDays === undefined ? {} : { expiresInDays: input.expiresInDays }),
  });
  return { ...created, user };
}
