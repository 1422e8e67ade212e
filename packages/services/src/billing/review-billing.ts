import { lockBillingAccount, withTransaction } from '@cronwise/db';
import type { BillingServiceDependencies } from './billing-not-configured';
import { type BillingSyncResult, syncBillingAccount } from './sync-billing-account';

/**
 * The scheduled second look (pg-boss `review-billing`, due when a grace period or a paid period
 * ends): re-reads Stripe and applies what is true then — a payment that never came downgrades,
 * one that came meanwhile keeps the plan. Idempotent, so a repeated or early job is harmless.
 */
export async function reviewBilling(
  deps: BillingServiceDependencies,
  userId: string,
): Promise<BillingSyncResult | null> {
  const billing = deps.billing;
  // Billing switched off since the review was queued: operators own plans now.
  if (!billing) return null;
  return withTransaction(deps.db, async (tx) => {
    const account = await lockBillingAccount(tx, userId);
    if (!account) return null;
    return syncBillingAccount(deps, billing, tx, account, (decision) => ({
      kind: 'billing-review',
      explanation: decision.explanation,
    }));
  });
}
