import { describe, expect, it } from 'vitest';
import {
  type BillingPolicy,
  compareTiers,
  currentSubscription,
  decideBillingTier,
  type SubscriptionState,
  surplusEndpoints,
} from './billing';
import { DAY_MS } from './duration';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const PERIOD_END = new Date(NOW.getTime() + 20 * DAY_MS);
const policy: BillingPolicy = {
  priceTiers: { price_pro: 'pro', price_ent: 'enterprise' },
  defaultTier: 'free',
  graceDays: 7,
};
const onFree = { tier: 'free' as const, graceUntil: null };
const onPro = { tier: 'pro' as const, graceUntil: null };

function subscription(overrides: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    id: 'sub_1',
    status: 'active',
    priceId: 'price_pro',
    currentPeriodEnd: PERIOD_END,
    cancelAtPeriodEnd: false,
    createdAt: new Date('2026-11-01T00:00:00.000Z'),
    ...overrides,
  };
}

describe('decideBillingTier', () => {
  it('gives the tier the price buys to an active or trialing subscription', () => {
    expect(decideBillingTier(subscription(), onFree, policy, NOW)).toMatchObject({ tier: 'pro', cause: 'subscribed' });
    expect(
      decideBillingTier(subscription({ status: 'trialing', priceId: 'price_ent' }), onFree, policy, NOW).tier,
    ).toBe('enterprise');
  });

  it('falls back to the default tier without a subscription or with a price nobody configured', () => {
    expect(decideBillingTier(null, onPro, policy, NOW)).toMatchObject({ tier: 'free', cause: 'no-subscription' });
    const unknown = decideBillingTier(subscription({ priceId: 'price_legacy' }), onPro, policy, NOW);
    expect(unknown).toMatchObject({ tier: 'free', cause: 'unknown-price' });
    expect(unknown.explanation).toContain('price_legacy is not in STRIPE_PRICE_TIERS');
  });

  it('keeps the paid tier for the grace period after a failed payment, then downgrades', () => {
    const failing = subscription({ status: 'past_due' });
    const first = decideBillingTier(failing, onPro, policy, NOW);
    const graceUntil = new Date(NOW.getTime() + 7 * DAY_MS);
    expect(first).toMatchObject({ tier: 'pro', graceUntil, reviewAt: graceUntil, cause: 'payment-grace' });

    // Later failures keep the first grace end rather than starting a new one.
    const later = decideBillingTier(failing, { tier: 'pro', graceUntil }, policy, new Date(NOW.getTime() + 3 * DAY_MS));
    expect(later.graceUntil).toEqual(graceUntil);

    const expired = decideBillingTier(failing, { tier: 'pro', graceUntil }, policy, graceUntil);
    expect(expired).toMatchObject({ tier: 'free', graceUntil, reviewAt: null, cause: 'grace-expired' });
  });

  it('clears the grace period once the subscription is paid', () => {
    const graceUntil = new Date(NOW.getTime() + 2 * DAY_MS);
    expect(decideBillingTier(subscription(), { tier: 'pro', graceUntil }, policy, NOW)).toMatchObject({
      tier: 'pro',
      graceUntil: null,
      reviewAt: null,
    });
  });

  it('keeps a cancelled plan until the paid period ends, and asks to be reviewed then', () => {
    const scheduled = decideBillingTier(subscription({ cancelAtPeriodEnd: true }), onPro, policy, NOW);
    expect(scheduled).toMatchObject({ tier: 'pro', reviewAt: PERIOD_END, cause: 'cancelled-until-period-end' });
    const cancelledNow = decideBillingTier(subscription({ status: 'canceled' }), onPro, policy, NOW);
    expect(cancelledNow).toMatchObject({ tier: 'pro', reviewAt: PERIOD_END });
    const ended = decideBillingTier(subscription({ status: 'canceled' }), onPro, policy, PERIOD_END);
    expect(ended).toMatchObject({ tier: 'free', cause: 'period-ended', reviewAt: null });
  });

  it('treats incomplete and paused subscriptions as not paying', () => {
    for (const status of ['incomplete', 'incomplete_expired', 'paused']) {
      expect(decideBillingTier(subscription({ status }), onPro, policy, NOW)).toMatchObject({
        tier: 'free',
        cause: 'inactive-subscription',
      });
    }
  });
});

describe('currentSubscription', () => {
  it('prefers a live subscription over a newer ended one, then the newest', () => {
    const oldActive = subscription({ id: 'sub_old', createdAt: new Date('2026-01-01T00:00:00.000Z') });
    const newCancelled = subscription({
      id: 'sub_new',
      status: 'canceled',
      createdAt: new Date('2026-11-30T00:00:00.000Z'),
    });
    expect(currentSubscription([newCancelled, oldActive])?.id).toBe('sub_old');
    const newerActive = subscription({ id: 'sub_newer', createdAt: new Date('2026-02-01T00:00:00.000Z') });
    expect(currentSubscription([oldActive, newerActive])?.id).toBe('sub_newer');
    expect(currentSubscription([])).toBeNull();
  });
});

describe('surplusEndpoints', () => {
  const at = (minute: number) => new Date(NOW.getTime() + minute * 60_000);

  it('keeps the oldest running endpoints and returns the most recently created beyond the allowance', () => {
    const endpoints = [
      { id: 'e', createdAt: at(5), isRunning: true },
      { id: 'a', createdAt: at(1), isRunning: true },
      { id: 'b', createdAt: at(2), isRunning: false },
      { id: 'd', createdAt: at(4), isRunning: true },
      { id: 'c', createdAt: at(3), isRunning: true },
    ];
    expect(surplusEndpoints(endpoints, 2).map((endpoint) => endpoint.id)).toEqual(['d', 'e']);
    expect(surplusEndpoints(endpoints, 4)).toEqual([]);
  });

  it('breaks ties on creation time by id, so the choice is the same every time', () => {
    const endpoints = [
      { id: 'y', createdAt: at(1), isRunning: true },
      { id: 'x', createdAt: at(1), isRunning: true },
    ];
    expect(surplusEndpoints(endpoints, 1).map((endpoint) => endpoint.id)).toEqual(['y']);
  });
});

describe('compareTiers', () => {
  it('orders plans by what they allow', () => {
    expect(compareTiers('free', 'pro')).toBeLessThan(0);
    expect(compareTiers('enterprise', 'pro')).toBeGreaterThan(0);
    expect(compareTiers('pro', 'pro')).toBe(0);
  });
});
