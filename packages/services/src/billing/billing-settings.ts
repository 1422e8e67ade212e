import { ConfigurationError } from '@cronwise/db';
import { isTier, type Tier } from '@cronwise/domain';
import { z } from 'zod';
import type { BillingGateway } from './billing-gateway';

/** Without a paid subscription (or with billing off) people are on this plan. */
export const DEFAULT_BILLING_TIER: Tier = 'free';
export const DEFAULT_BILLING_GRACE_DAYS = 7;

/**
 * STRIPE_PRICE_TIERS: which plan each Stripe price buys, e.g. {"price_123":"pro"}. The mapping
 * is configuration, so a new price or a renamed plan needs no release.
 */
const priceTiersSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `must be JSON such as {"price_123":"pro","price_456":"enterprise"} (${error instanceof Error ? error.message : String(error)})`,
      });
      return z.NEVER;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      context.addIssue({ code: 'custom', message: 'must be a JSON object mapping Stripe price ids to plans' });
      return z.NEVER;
    }
    const tiers: Record<string, Tier> = {};
    for (const [priceId, tier] of Object.entries(parsed)) {
      if (!isTier(tier) || tier === DEFAULT_BILLING_TIER) {
        context.addIssue({
          code: 'custom',
          message: `price ${priceId} maps to ${JSON.stringify(tier)}; a price must buy "pro" or "enterprise"`,
        });
        return z.NEVER;
      }
      tiers[priceId] = tier;
    }
    return tiers;
  });

const stripeApiUrlSchema = z
  .url()
  .refine((value) => {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && (url.pathname === '/' || url.pathname === '');
  }, 'must be an http(s) origin without a path, such as http://127.0.0.1:12111')
  .optional();

/** Spread into each app's environment schema; `billingSettingsFrom` checks the combination. */
export const billingEnvironmentShape = {
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_PRICE_TIERS: priceTiersSchema,
  /** A Stripe-compatible API (a local test double); unset means api.stripe.com. */
  STRIPE_API_URL: stripeApiUrlSchema,
  BILLING_GRACE_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(0, 'must be 0 or more days')
    .max(90, 'must be at most 90 days')
    .default(DEFAULT_BILLING_GRACE_DAYS),
};

export const BILLING_ENVIRONMENT_EXAMPLES = {
  STRIPE_SECRET_KEY: 'sk_test_…',
  STRIPE_WEBHOOK_SECRET: 'whsec_…',
  STRIPE_PRICE_TIERS: '{"price_123":"pro","price_456":"enterprise"}',
  STRIPE_API_URL: 'http://127.0.0.1:12111',
  BILLING_GRACE_DAYS: '7',
};

export interface BillingEnvironment {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_WEBHOOK_SECRET?: string | undefined;
  STRIPE_PRICE_TIERS?: Record<string, Tier> | undefined;
  STRIPE_API_URL?: string | undefined;
  BILLING_GRACE_DAYS: number;
}

export interface BillingSettings {
  secretKey: string;
  webhookSecret: string;
  priceTiers: Record<string, Tier>;
  apiUrl: string | null;
  graceDays: number;
}

/**
 * Null when billing is off (no Stripe keys): the default plan applies and operators set plans
 * with `pnpm cli user:set-tier`. Half a configuration stops the app with what is missing.
 */
export function billingSettingsFrom(env: BillingEnvironment): BillingSettings | null {
  const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret } = env;
  if (!secretKey && !webhookSecret) {
    if (env.STRIPE_PRICE_TIERS) {
      throw new ConfigurationError(
        'Invalid configuration:\n  STRIPE_PRICE_TIERS: is set but billing is off; set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET too, or unset it',
      );
    }
    return null;
  }
  const problems: string[] = [];
  if (!secretKey) problems.push('  STRIPE_SECRET_KEY: is required with STRIPE_WEBHOOK_SECRET; example: sk_test_…');
  if (!webhookSecret) {
    problems.push(
      '  STRIPE_WEBHOOK_SECRET: is required with STRIPE_SECRET_KEY (the endpoint signing secret); example: whsec_…',
    );
  }
  if (!env.STRIPE_PRICE_TIERS || Object.keys(env.STRIPE_PRICE_TIERS).length === 0) {
    problems.push(
      '  STRIPE_PRICE_TIERS: needs at least one price when billing is on; example: {"price_123":"pro","price_456":"enterprise"}',
    );
  }
  if (problems.length > 0 || !secretKey || !webhookSecret || !env.STRIPE_PRICE_TIERS) {
    throw new ConfigurationError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return {
    secretKey,
    webhookSecret,
    priceTiers: env.STRIPE_PRICE_TIERS,
    apiUrl: env.STRIPE_API_URL ?? null,
    graceDays: env.BILLING_GRACE_DAYS,
  };
}

/** What billing use cases receive in `ServiceDependencies.billing`; absent when billing is off. */
export interface BillingDependencies {
  gateway: BillingGateway;
  priceTiers: Record<string, Tier>;
  graceDays: number;
  /** Where checkout and the portal send people back (the plan page); null where nobody is sent. */
  returnUrl: string | null;
}
