import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { billingEnvironmentShape, billingSettingsFrom } from './billing-settings';

const schema = z.object(billingEnvironmentShape);
const parse = (source: Record<string, string>) => billingSettingsFrom(schema.parse(source));

describe('billing settings', () => {
  it('is off without Stripe keys', () => {
    expect(parse({})).toBeNull();
  });

  it('reads keys, the price → tier mapping, the API URL and a 7-day default grace period', () => {
    expect(
      parse({
        STRIPE_SECRET_KEY: 'sk_test_1',
        STRIPE_WEBHOOK_SECRET: 'whsec_1',
        STRIPE_PRICE_TIERS: '{"price_123":"pro","price_456":"enterprise"}',
        STRIPE_API_URL: 'http://127.0.0.1:12111',
      }),
    ).toEqual({
      secretKey: 'sk_test_1',
      webhookSecret: 'whsec_1',
      priceTiers: { price_123: 'pro', price_456: 'enterprise' },
      apiUrl: 'http://127.0.0.1:12111',
      graceDays: 7,
    });
  });

  it('names what is missing from half a configuration', () => {
    expect(() => parse({ STRIPE_SECRET_KEY: 'sk_test_1' })).toThrow(
      /STRIPE_WEBHOOK_SECRET: is required with STRIPE_SECRET_KEY[\s\S]*STRIPE_PRICE_TIERS: needs at least one price/,
    );
    expect(() => parse({ STRIPE_PRICE_TIERS: '{"price_1":"pro"}' })).toThrow(
      /STRIPE_PRICE_TIERS: is set but billing is off/,
    );
  });

  it('refuses a mapping that is not JSON, or maps a price to an unknown or free plan', () => {
    const message = (value: string) => schema.safeParse({ STRIPE_PRICE_TIERS: value }).error?.issues[0]?.message;
    expect(message('price_1=pro')).toContain('must be JSON such as');
    expect(message('{"price_1":"gold"}')).toContain('price price_1 maps to "gold"');
    expect(message('{"price_1":"free"}')).toContain('must buy "pro" or "enterprise"');
    expect(message('["price_1"]')).toContain('JSON object');
  });

  it('refuses an API URL with a path and a grace period out of range', () => {
    expect(schema.safeParse({ STRIPE_API_URL: 'http://localhost:12111/v1' }).success).toBe(false);
    expect(schema.safeParse({ BILLING_GRACE_DAYS: '-1' }).success).toBe(false);
    expect(schema.parse({ BILLING_GRACE_DAYS: '0' }).BILLING_GRACE_DAYS).toBe(0);
  });
});
