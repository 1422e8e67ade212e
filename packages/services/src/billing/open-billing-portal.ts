import { findBillingAccount } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import { type BillingServiceDependencies, requireBilling } from './billing-not-configured';
import { requireReturnUrl } from './start-checkout';

/** Stripe's customer portal: payment method, invoices, plan changes and cancellation. */
export async function openBillingPortal(deps: BillingServiceDependencies, actor: Actor): Promise<{ url: string }> {
  const billing = requireBilling(deps);
  const returnUrl = requireReturnUrl(billing);
  const account = await findBillingAccount(deps.db, actor.userId);
  if (!account?.stripeCustomerId) {
    throw new AppError(
      ErrorCode.CONFLICT,
      'you have no billing account yet; subscribe to a plan first (POST /billing/checkout with a priceId from GET /billing)',
    );
  }
  return billing.gateway.createPortalSession({ customerId: account.stripeCustomerId, returnUrl });
}
