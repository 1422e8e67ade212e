import { AppError, ErrorCode } from '@cronwise/domain';
import type { EngineDependencies } from '../engine/contract';
import type { BillingDependencies } from './billing-settings';

/** What billing use cases take: the engine's collaborators (plan changes re-plan endpoints) and billing. */
export type BillingServiceDependencies = EngineDependencies & { billing?: BillingDependencies | undefined };

/** The billing collaborators, or the error every billing action gives when billing is off. */
export function requireBilling(deps: Pick<BillingServiceDependencies, 'billing'>): BillingDependencies {
  if (deps.billing) return deps.billing;
  throw new AppError(
    ErrorCode.BILLING_NOT_CONFIGURED,
    'billing is not configured on this Cronwise deployment: plans are set by an operator (pnpm cli user:set-tier); to enable Stripe, set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PRICE_TIERS',
  );
}
