import { createAuditEntry, type UserRecord, updateUser } from '@cronwise/db';
import type { Tier } from '@cronwise/domain';
import type { ServiceDependencies } from '../dependencies';
import { findUserByEmailOrFail, type Operator, operatorDetails } from './operator';

/**
 * Moves a user to another plan. The new limits apply from the next planned run on (the governor
 * reads the tier each time it plans); nothing already recorded changes.
 */
export async function setUserTier(
  deps: Pick<ServiceDependencies, 'db'>,
  operator: Operator,
  input: { email: string; tier: Tier },
): Promise<{ user: UserRecord; previousTier: Tier }> {
  const user = await findUserByEmailOrFail(deps, input.email);
  if (user.tier === input.tier) return { user, previousTier: user.tier };
  const updated = await updateUser(deps.db, user.id, { tier: input.tier });
  await createAuditEntry(deps.db, {
    userId: user.id,
    action: 'user.tier-changed',
    targetType: 'user',
    targetId: user.id,
    details: { ...operatorDetails(operator), from: user.tier, to: input.tier },
  });
  return { user: updated, previousTier: user.tier };
}
