import { describe, expect, it } from 'vitest';
import { loadServerEnvironment } from './env';

const BASE = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/cronwise',
  ENCRYPTION_SECRET: 'x'.repeat(40),
  NODE_ENV: 'development',
};

describe('Stripe settings at server start-up', () => {
  it('leaves billing off without keys', () => {
    expect(loadServerEnvironment(BASE).billing).toBeNull();
  });

  it('turns billing on with keys, prices, the test double URL and the default grace period', () => {
    const env = loadServerEnvironment({
      ...BASE,
      STRIPE_SECRET_KEY: 'sk_test_1',
      STRIPE_WEBHOOK_SECRET: 'whsec_1',
      STRIPE_PRICE_TIERS: '{"price_123":"pro"}',
      STRIPE_API_URL: 'http://127.0.0.1:12111',
    });
    expect(env.billing).toEqual({
      secretKey: 'sk_test_1',
      webhookSecret: 'whsec_1',
      priceTiers: { price_123: 'pro' },
      apiUrl: 'http://127.0.0.1:12111',
      graceDays: 7,
    });
  });

  it('stops with the variable, the problem and an example for a bad price mapping', () => {
    expect(() =>
      loadServerEnvironment({
        ...BASE,
        STRIPE_SECRET_KEY: 'sk_test_1',
        STRIPE_WEBHOOK_SECRET: 'whsec_1',
        STRIPE_PRICE_TIERS: '{"price_123":"gold"}',
      }),
    ).toThrow(/STRIPE_PRICE_TIERS: price price_123 maps to "gold".*example: STRIPE_PRICE_TIERS=\{"price_123":"pro"/);
  });

  it('stops when only half of the Stripe keys are set, and never prints the secret', () => {
    const start = () => loadServerEnvironment({ ...BASE, STRIPE_SECRET_KEY: 'sk_live_do_not_print' });
    expect(start).toThrow(/STRIPE_WEBHOOK_SECRET: is required with STRIPE_SECRET_KEY/);
    expect(start).not.toThrow(/sk_live_do_not_print/);
  });
});
