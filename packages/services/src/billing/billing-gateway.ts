import type { SubscriptionState } from '@cronwise/domain';

/**
 * What Cronwise needs from the payment provider. The real implementation wraps the Stripe SDK
 * (`stripe-gateway.ts`); keeping the surface this small lets tests point the real SDK at a
 * local test double, and keeps Stripe's types out of the rest of the code.
 */
export interface BillingGateway {
  /** Creates the provider's customer for a user; the same user always gets the same customer. */
  createCustomer(input: { userId: string; email: string; name: string }): Promise<string>;
  /** A hosted checkout page for one subscription price; the user id travels with it. */
  createCheckoutSession(input: {
    customerId: string;
    priceId: string;
    userId: string;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ id: string; url: string }>;
  /** The provider's self-service page: payment method, invoices, cancellation, plan changes. */
  createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** Every subscription of the customer as the provider sees it now, ended ones included. */
  listSubscriptions(customerId: string): Promise<SubscriptionState[]>;
  /**
   * Verifies the webhook signature over the exact bytes received and parses the event.
   * Throws `WebhookSignatureError` when the signature is missing, wrong or too old.
   */
  parseWebhookEvent(rawBody: Buffer, signatureHeader: string | undefined, receivedAt: Date): BillingEvent;
}

/** The parts of a webhook event we use: it is only a trigger to re-read the customer. */
export interface BillingEvent {
  id: string;
  type: string;
  /** The customer the event is about, when it names one. */
  customerId: string | null;
  /** `client_reference_id` of a completed checkout: our user id. */
  clientReferenceId: string | null;
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

/** Events that can change a plan; others are acknowledged and ignored. */
export const HANDLED_BILLING_EVENTS: ReadonlySet<string> = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.payment_failed',
  'invoice.paid',
]);
