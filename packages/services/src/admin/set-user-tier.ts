import { findUserById, lockBillingAccount, type UserRecord, withTransaction } from '@cronwise/db';
import type { Tier } from '@cronwise/domain';
import { DEFAULT_BILLING_GRACE_DAYS } from '../billing/billing-settings';
import { changePlan } from '../billing/change-plan';
import type { EngineDependencies } from '../engine/contract';
import { findUserByEmailOrFail, type Operator, operatorDetails } from './operator';

/**
 * The operator's manual override of a user's plan. It goes through the same plan change as a
 * Stripe event: the new limits apply to every endpoint at once (re-planned, clamped), a
 * downgrade pauses the surplus endpoints instead of deleting anything, and it is audited.
 */
export async function setUserTier(
  deps: EngineDependencies,
  operator: Operator,
  input: { email: string; tier: Tier },
): Promise<{ user: UserRecord; previousTier: Tier; pausedEndpointIds: string[] }> {
  const user = await findUserByEmailOrFail(deps, input.email);
  const change = await withTransaction(deps.db, async (tx) => {
    // Read the plan under the row lock, so a concurrent Stripe event cannot interleave.
    const account = await lockBillingAccount(tx, user.id);
    const from = account?.tier ?? user.tier;
    if (from === input.tier) return { from, pausedEndpointIds: [] };
    return changePlan(deps, tx, {
      userId: user.id,
      from,
      to: input.tier,
      cause: { kind: 'operator', ...operatorDetails(operator) },
      retentionGraceDays: DEFAULT_BILLING_GRACE_DAYS,
    });
  });
  const updated = await findUserById(deps.db, user.id);
  return { user: updated ?? user, previousTier: change.from, pausedEndpointIds: change.pausedEndpointIds };
}
