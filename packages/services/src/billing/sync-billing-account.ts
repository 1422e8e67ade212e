import { type BillingAccountRecord, type Transaction, updateBillingAccount } from '@cronwise/db';
import { type BillingDecision, currentSubscription, decideBillingTier } from '@cronwise/domain';
import { QUEUE } from '@cronwise/jobs';
import { fromPrisma } from 'pg-boss';
import type { EngineDependencies } from '../engine/contract';
import { type BillingDependencies, DEFAULT_BILLING_TIER } from './billing-settings';
import { changePlan, type PlanChangeCause, type PlanChangeResult } from './change-plan';

export interface BillingSyncResult {
  userId: string;
  decision: BillingDecision;
  planChange: PlanChangeResult | null;
}

/**
 * Brings one locked account in line with Stripe, inside the caller's transaction: re-reads the
 * customer's subscriptions (whatever triggered us, the current state decides), stores the
 * mirror, changes the plan if the decision differs, and queues a review for when the decision
 * expires (grace end, paid period end) — in the same transaction, so it cannot be lost.
 */
export async function syncBillingAccount(
  deps: EngineDependencies,
  billing: BillingDependencies,
  tx: Transaction,
  account: BillingAccountRecord,
  cause: (decision: BillingDecision) => PlanChangeCause,
): Promise<BillingSyncResult> {
  const subscriptions = account.stripeCustomerId
    ? await billing.gateway.listSubscriptions(account.stripeCustomerId)
    : [];
  const subscription = currentSubscription(subscriptions);
  const decision = decideBillingTier(
    subscription,
    { tier: account.tier, graceUntil: account.billingGraceUntil },
    { priceTiers: billing.priceTiers, defaultTier: DEFAULT_BILLING_TIER, graceDays: billing.graceDays },
    deps.clock.now(),
  );
  await updateBillingAccount(tx, account.id, {
    stripeSubscriptionId: subscription?.id ?? null,
    stripePriceId: subscription?.priceId ?? null,
    subscriptionStatus: subscription?.status ?? null,
    currentPeriodEnd: subscription?.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: subscription?.cancelAtPeriodEnd ?? false,
    billingGraceUntil: decision.graceUntil,
  });
  const planChange =
    decision.tier === account.tier
      ? null
      : await changePlan(deps, tx, {
          userId: account.id,
          from: account.tier,
          to: decision.tier,
          cause: cause(decision),
          retentionGraceDays: billing.graceDays,
        });
  if (decision.reviewAt) {
    // One queued review per user (queue policy `short`); a newer decision moves it.
    await deps.boss.upsert(
      QUEUE.reviewBilling,
      { userId: account.id },
      { singletonKey: account.id, startAfter: decision.reviewAt, db: fromPrisma(tx) },
    );
  }
  return { userId: account.id, decision, planChange };
}
