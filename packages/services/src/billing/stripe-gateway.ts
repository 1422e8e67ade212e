import { AppError, ErrorCode, type SubscriptionState } from '@cronwise/domain';
import Stripe from 'stripe';
import { type BillingEvent, type BillingGateway, WebhookSignatureError } from './billing-gateway';

/** Stripe's default: signatures older than five minutes are refused (replay protection). */
const WEBHOOK_TOLERANCE_SECONDS = 300;
const STRIPE_TIMEOUT_MS = 10_000;
/** A customer with more subscriptions than this is not one we created. */
const SUBSCRIPTIONS_PAGE_SIZE = 20;

export interface StripeGatewaySettings {
  secretKey: string;
  webhookSecret: string;
  /** A Stripe-compatible API origin (a local test double); null means api.stripe.com. */
  apiUrl: string | null;
}

/** The official SDK behind the `BillingGateway` interface. */
export function createStripeGateway(settings: StripeGatewaySettings): BillingGateway {
  const stripe = new Stripe(settings.secretKey, {
    ...addressOf(settings.apiUrl),
    maxNetworkRetries: 2,
    timeout: STRIPE_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: 'Cronwise' },
  });

  return {
    async createCustomer({ userId, email, name }) {
      const customer = await callStripe('create a customer', () =>
        stripe.customers.create(
          { email, ...(name ? { name } : {}), metadata: { userId } },
          // Two checkouts started at once must not leave the user with two customers.
          { idempotencyKey: `cronwise-customer-${userId}` },
        ),
      );
      return customer.id;
    },

    async createCheckoutSession({ customerId, priceId, userId, successUrl, cancelUrl }) {
      const session = await callStripe('start a checkout', () =>
        stripe.checkout.sessions.create({
          mode: 'subscription',
          customer: customerId,
          line_items: [{ price: priceId, quantity: 1 }],
          client_reference_id: userId,
          metadata: { userId },
          subscription_data: { metadata: { userId } },
          success_url: successUrl,
          cancel_url: cancelUrl,
        }),
      );
      if (!session.url) throw unavailable('start a checkout', 'Stripe returned a checkout session without a URL');
      return { id: session.id, url: session.url };
    },

    async createPortalSession({ customerId, returnUrl }) {
      const session = await callStripe('open the billing portal', () =>
        stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }),
      );
      return { url: session.url };
    },

    async listSubscriptions(customerId) {
      const page = await callStripe('read the subscription', () =>
        stripe.subscriptions.list({ customer: customerId, status: 'all', limit: SUBSCRIPTIONS_PAGE_SIZE }),
      );
      return page.data.map(toSubscriptionState);
    },

    parseWebhookEvent(rawBody, signatureHeader, receivedAt) {
      if (!signatureHeader) throw new WebhookSignatureError('the Stripe-Signature header is missing');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          rawBody,
          signatureHeader,
          settings.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          undefined,
          receivedAt.getTime(),
        );
      } catch (error) {
        throw new WebhookSignatureError(error instanceof Error ? error.message : String(error));
      }
      return toBillingEvent(event);
    },
  };
}

function addressOf(apiUrl: string | null): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

function toSubscriptionState(subscription: Stripe.Subscription): SubscriptionState {
  // Since API 2025-03-31 the billing period lives on the items; a subscription has one here.
  const item = subscription.items.data[0];
  return {
    id: subscription.id,
    status: subscription.status,
    priceId: item?.price.id ?? null,
    currentPeriodEnd: item ? new Date(item.current_period_end * 1000) : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    createdAt: new Date(subscription.created * 1000),
  };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function toBillingEvent(event: Stripe.Event): BillingEvent {
  const object = event.data.object as {
    customer?: string | { id: string } | null;
    client_reference_id?: string | null;
  };
  return {
    id: event.id,
    type: event.type,
    customerId: idOf(object.customer),
    clientReferenceId: object.client_reference_id ?? null,
  };
}

async function callStripe<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) throw unavailable(action, `${error.type}: ${error.message}`, error);
    throw error;
  }
}

function unavailable(action: string, reason: string, cause?: unknown): AppError {
  return new AppError(
    ErrorCode.UNAVAILABLE,
    `could not ${action} with Stripe (${reason}); try again in a moment`,
    undefined,
    cause === undefined ? undefined : { cause },
  );
}
