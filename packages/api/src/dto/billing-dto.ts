import type { BillingOverview } from '@cronwise/services';
import { z } from 'zod';
import { isoOrNull } from './common';

const tierSchema = z.enum(['free', 'pro', 'enterprise']);

export const billingSchema = z
  .object({
    enabled: z
      .boolean()
      .meta({ description: 'False when this deployment has no Stripe keys: plans are set by an operator' }),
    tier: tierSchema,
    subscription: z
      .object({
        status: z.string().meta({ description: 'Stripe’s status: active, trialing, past_due, unpaid, canceled, ...' }),
        priceId: z.string().nullable(),
        currentPeriodEnd: z.string().nullable().meta({ description: 'When the paid period ends (ISO 8601)' }),
        cancelAtPeriodEnd: z
          .boolean()
          .meta({ description: 'The subscription ends at currentPeriodEnd; the plan lasts until then' }),
      })
      .nullable(),
    graceUntil: z
      .string()
      .nullable()
      .meta({ description: 'A payment failed: the paid plan is kept until then while Stripe retries' }),
    prices: z
      .array(z.object({ priceId: z.string(), tier: tierSchema }))
      .meta({ description: 'The prices you can subscribe to (POST /billing/checkout), and the plan each buys' }),
  })
  .meta({ id: 'Billing' });

export function toBillingDto(overview: BillingOverview): z.infer<typeof billingSchema> {
  return {
    enabled: overview.enabled,
    tier: overview.tier,
    subscription: overview.subscription
      ? { ...overview.subscription, currentPeriodEnd: isoOrNull(overview.subscription.currentPeriodEnd) }
      : null,
    graceUntil: isoOrNull(overview.graceUntil),
    prices: overview.prices,
  };
}

export const redirectSchema = z
  .object({ url: z.string().meta({ description: 'Send the person here (a Stripe-hosted page)' }) })
  .meta({ id: 'BillingRedirect' });
