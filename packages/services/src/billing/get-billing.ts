import { findBillingAccount } from '@cronwise/db';
import { AppError, ErrorCode, type Tier } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { BillingServiceDependencies } from './billing-not-configured';

export interface BillingOverview {
  /** False when this deployment has no Stripe keys: plans are set by an operator. */
  enabled: boolean;
  tier: Tier;
  subscription: {
    status: string;
    priceId: string | null;
    currentPeriodEnd: Date | null;
    cancelAtPeriodEnd: boolean;
  } | null;
  /** While a failed payment is retried, the paid plan lasts until then. */
  graceUntil: Date | null;
  /** The prices one can subscribe to, and the plan each buys. */
  prices: Array<{ priceId: string; tier: Tier }>;
}

export async function getBilling(deps: BillingServiceDependencies, actor: Actor): Promise<BillingOverview> {
  const account = await findBillingAccount(deps.db, actor.userId);
  if (!account) throw new AppError(ErrorCode.NOT_FOUND, 'your account no longer exists; sign in again');
  const now = deps.clock.now();
  // An expired grace end is kept (so a still-failing payment gets no second grace) but not shown.
  const graceUntil =
    account.billingGraceUntil && account.billingGraceUntil.getTime() > now.getTime() ? account.billingGraceUntil : null;
  return {
    enabled: Boolean(deps.billing),
    tier: account.tier,
    subscription:
      account.stripeSubscriptionId && account.subscriptionStatus
        ? {
            status: account.subscriptionStatus,
            priceId: account.stripePriceId,
            currentPeriodEnd: account.currentPeriodEnd,
            cancelAtPeriodEnd: account.cancelAtPeriodEnd,
          }
        : null,
    graceUntil,
    prices: Object.entries(deps.billing?.priceTiers ?? {}).map(([priceId, tier]) => ({ priceId, tier })),
  };
}
