import { findBillingAccount, linkStripeCustomer } from '@cronwise/db';
import { AppError, ErrorCode, issue, validationError } from '@cronwise/domain';
import type { Actor } from '../actor';
import { type BillingServiceDependencies, requireBilling } from './billing-not-configured';
import type { BillingDependencies } from './billing-settings';

/** Statuses of a subscription that is still running; a second one would bill twice. */
const LIVE_SUBSCRIPTION_STATUSES = new Set(['active', 'trialing', 'past_due', 'unpaid']);

/**
 * A Stripe Checkout page for one configured price. The Stripe customer is created once per user
 * and reused; the user id travels as `client_reference_id` and in metadata. Someone who already
 * subscribes changes plan in the portal instead, so nobody pays for two subscriptions.
 */
export async function startCheckout(
  deps: BillingServiceDependencies,
  actor: Actor,
  input: { priceId: string },
): Promise<{ url: string }> {
  const billing = requireBilling(deps);
  const returnUrl = requireReturnUrl(billing);
  if (!Object.hasOwn(billing.priceTiers, input.priceId)) {
    const known = Object.keys(billing.priceTiers).join(', ');
    throw validationError([
      issue(['priceId'], `unknown price ${input.priceId}; choose one of ${known} (GET /billing lists them)`),
    ]);
  }
  const account = await findBillingAccount(deps.db, actor.userId);
  if (!account) throw new AppError(ErrorCode.NOT_FOUND, 'your account no longer exists; sign in again');
  if (account.subscriptionStatus && LIVE_SUBSCRIPTION_STATUSES.has(account.subscriptionStatus)) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `you already have a ${account.subscriptionStatus} subscription (${account.tier} plan); change or cancel it in the billing portal (POST /billing/portal)`,
    );
  }
  const customerId = account.stripeCustomerId ?? (await createCustomer(deps, billing, actor));
  const session = await billing.gateway.createCheckoutSession({
    customerId,
    priceId: input.priceId,
    userId: actor.userId,
    successUrl: `${returnUrl}?checkout=success`,
    cancelUrl: `${returnUrl}?checkout=cancelled`,
  });
  return { url: session.url };
}

async function createCustomer(
  deps: BillingServiceDependencies,
  billing: BillingDependencies,
  actor: Actor,
): Promise<string> {
  const customerId = await billing.gateway.createCustomer({
    userId: actor.userId,
    email: actor.email,
    name: actor.name,
  });
  if (await linkStripeCustomer(deps.db, actor.userId, customerId)) return customerId;
  // A concurrent checkout linked one first; use that one.
  const account = await findBillingAccount(deps.db, actor.userId);
  return account?.stripeCustomerId ?? customerId;
}

export function requireReturnUrl(billing: BillingDependencies): string {
  if (billing.returnUrl) return billing.returnUrl;
  throw new AppError(
    ErrorCode.INTERNAL,
    'billing has no return URL in this process; checkout and the portal run in the server',
  );
}
