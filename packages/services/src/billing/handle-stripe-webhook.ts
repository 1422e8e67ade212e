import {
  claimWebhookEvent,
  findBillingAccount,
  findUserIdByStripeCustomerId,
  linkStripeCustomer,
  lockBillingAccount,
  withTransaction,
} from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import { z } from 'zod';
import { type BillingEvent, HANDLED_BILLING_EVENTS, WebhookSignatureError } from './billing-gateway';
import { type BillingServiceDependencies, requireBilling } from './billing-not-configured';
import { type BillingSyncResult, syncBillingAccount } from './sync-billing-account';

export type WebhookOutcome =
  /** The account was brought in line with Stripe. */
  | 'applied'
  /** This event id was already applied (or is being applied by a concurrent delivery). */
  | 'duplicate'
  /** An event type that cannot change a plan. */
  | 'ignored'
  /** No user has the event's customer: acknowledged so Stripe stops retrying. */
  | 'unknown-customer';

export interface WebhookResult {
  eventId: string;
  outcome: WebhookOutcome;
  sync: BillingSyncResult | null;
}

/**
 * A Stripe webhook delivery. The signature is checked over the exact bytes received; then the
 * event id is claimed in the same transaction that applies it, so of several deliveries of one
 * event (retries, concurrent duplicates) exactly one applies. The event is only a trigger: the
 * customer's subscriptions are re-read from Stripe, so a late or out-of-order event cannot bring
 * back a cancelled plan.
 */
export async function handleStripeWebhook(
  deps: BillingServiceDependencies,
  delivery: { rawBody: Buffer; signature: string | undefined },
): Promise<WebhookResult> {
  const billing = requireBilling(deps);
  const event = verifiedEvent(deps, delivery);
  if (!HANDLED_BILLING_EVENTS.has(event.type)) return { eventId: event.id, outcome: 'ignored', sync: null };
  const userId = await userForEvent(deps, event);
  return withTransaction(deps.db, async (tx) => {
    if (!(await claimWebhookEvent(tx, { id: event.id, type: event.type }))) {
      return { eventId: event.id, outcome: 'duplicate', sync: null };
    }
    const account = userId ? await lockBillingAccount(tx, userId) : null;
    if (!account) return { eventId: event.id, outcome: 'unknown-customer', sync: null };
    const sync = await syncBillingAccount(deps, billing, tx, account, (decision) => ({
      kind: 'stripe',
      stripeEventId: event.id,
      stripeEventType: event.type,
      explanation: decision.explanation,
    }));
    return { eventId: event.id, outcome: 'applied', sync };
  });
}

function verifiedEvent(
  deps: BillingServiceDependencies,
  delivery: { rawBody: Buffer; signature: string | undefined },
): BillingEvent {
  try {
    return requireBilling(deps).gateway.parseWebhookEvent(delivery.rawBody, delivery.signature, deps.clock.now());
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `the Stripe-Signature does not verify (${error.message}); STRIPE_WEBHOOK_SECRET must be this endpoint's signing secret, and the body must reach us unmodified`,
      { issues: [{ path: ['Stripe-Signature'], message: 'invalid signature' }] },
    );
  }
}

const userIdSchema = z.uuid();

/**
 * The user an event is about: by the Stripe customer we created for them, or, for a completed
 * checkout whose customer is not linked yet, by the user id it carries (linked now).
 */
async function userForEvent(deps: BillingServiceDependencies, event: BillingEvent): Promise<string | null> {
  if (!event.customerId) return null;
  const linked = await findUserIdByStripeCustomerId(deps.db, event.customerId);
  if (linked) return linked;
  const reference = userIdSchema.safeParse(event.clientReferenceId);
  if (event.type !== 'checkout.session.completed' || !reference.success) return null;
  if (!(await findBillingAccount(deps.db, reference.data))) return null;
  return (await linkStripeCustomer(deps.db, reference.data, event.customerId)) ? reference.data : null;
}
