import { countUsers, listUsers, type UserRecord } from '@cronwise/db';
import type { ServiceDependencies } from '../dependencies';

export const MAX_USERS_PAGE_SIZE = 1_000;

/** Every account on the installation, oldest first. */
export async function listUserAccounts(
  deps: Pick<ServiceDependencies, 'db'>,
  page: { limit: number; offset: number },
): Promise<{ items: UserRecord[]; total: number }> {
  const [items, total] = await Promise.all([
    listUsers(deps.db, { limit: Math.min(page.limit, MAX_USERS_PAGE_SIZE), offset: page.offset }),
    countUsers(deps.db),
  ]);
  return { items, total };
}
