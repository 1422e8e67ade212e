import type { BillingDependencies, BillingSettings } from './billing-settings';
import { createStripeGateway } from './stripe-gateway';

/** The composition roots' one call: validated settings in, the Stripe-backed collaborators out. */
export function createBillingDependencies(
  settings: BillingSettings | null,
  options: { returnUrl: string | null },
): BillingDependencies | undefined {
  if (!settings) return undefined;
  return {
    gateway: createStripeGateway(settings),
    priceTiers: settings.priceTiers,
    graceDays: settings.graceDays,
    returnUrl: options.returnUrl,
  };
}
