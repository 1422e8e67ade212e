import { DAY_MS } from './duration';
import { TIERS, type Tier } from './tiers';

/**
 * Billing decisions: which plan a user has, given what Stripe says about their subscription
 * right now. Stripe is the source of truth; webhook events only tell us to look again, so this
 * takes the re-fetched state and never the event's payload. Pure: `now` is a parameter.
 */

/** Stripe's subscription statuses that still grant the paid tier without a grace period. */
const PAYING_STATUSES: ReadonlySet<string> = new Set(['active', 'trialing']);
/** A payment failed: the paid tier is kept until the grace period ends. */
const DUNNING_STATUSES: ReadonlySet<string> = new Set(['past_due', 'unpaid']);

/** What the billing decision needs of a Stripe subscription (re-fetched, never from the event). */
export interface SubscriptionState {
  id: string;
  /** Stripe's status: active, trialing, past_due, unpaid, canceled, incomplete, paused, ... */
  status: string;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** When the subscription was created; the newest one wins among equals. */
  createdAt: Date;
}

/** What we stored last time, so a grace period keeps its original end across events. */
export interface BillingStateBefore {
  tier: Tier;
  graceUntil: Date | null;
}

export interface BillingPolicy {
  /** Stripe price id → tier (STRIPE_PRICE_TIERS). */
  priceTiers: Readonly<Record<string, Tier>>;
  /** The tier without a paid subscription. */
  defaultTier: Tier;
  graceDays: number;
}

export type BillingCause =
  | 'subscribed'
  | 'payment-grace'
  | 'grace-expired'
  | 'cancelled-until-period-end'
  | 'period-ended'
  | 'no-subscription'
  | 'unknown-price'
  | 'inactive-subscription';

export interface BillingDecision {
  tier: Tier;
  /** Set while a failed payment is being retried; the paid tier ends then. */
  graceUntil: Date | null;
  /** When the decision must be looked at again (grace end, cancellation at period end). */
  reviewAt: Date | null;
  cause: BillingCause;
  /** One line for people: the audit log and the plan page. */
  explanation: string;
}

/**
 * Picks the subscription that decides the plan when a customer has several (an old cancelled
 * one and a new active one): any live one beats an ended one, then the newest wins.
 */
export function currentSubscription(subscriptions: readonly SubscriptionState[]): SubscriptionState | null {
  const isLive = (subscription: SubscriptionState) =>
    PAYING_STATUSES.has(subscription.status) || DUNNING_STATUSES.has(subscription.status);
  const ranked = [...subscriptions].sort(
    (left, right) =>
      Number(isLive(right)) - Number(isLive(left)) ||
      right.createdAt.getTime() - left.createdAt.getTime() ||
      left.id.localeCompare(right.id),
  );
  return ranked[0] ?? null;
}

export function decideBillingTier(
  subscription: SubscriptionState | null,
  before: BillingStateBefore,
  policy: BillingPolicy,
  now: Date,
): BillingDecision {
  const fallback = policy.defaultTier;
  if (!subscription) {
    return settled(fallback, 'no-subscription', `no subscription: the ${fallback} plan applies`);
  }
  const paidTier = subscription.priceId ? policy.priceTiers[subscription.priceId] : undefined;
  const periodEnd = subscription.currentPeriodEnd;
  const isWithinPaidPeriod = periodEnd !== null && periodEnd.getTime() > now.getTime();

  if (subscription.status === 'canceled') {
    // Cancelled immediately (not at period end) still keeps what was paid for.
    if (paidTier && isWithinPaidPeriod) {
      return {
        tier: paidTier,
        graceUntil: null,
        reviewAt: periodEnd,
        cause: 'cancelled-until-period-end',
        explanation: `subscription cancelled: the ${paidTier} plan lasts until the paid period ends on ${periodEnd.toISOString()}`,
      };
    }
    return settled(fallback, 'period-ended', `subscription ended: the ${fallback} plan applies`);
  }
  if (!paidTier) {
    if (!PAYING_STATUSES.has(subscription.status) && !DUNNING_STATUSES.has(subscription.status)) {
      return settled(
        fallback,
        'inactive-subscription',
        `subscription is ${subscription.status}: the ${fallback} plan applies`,
      );
    }
    return settled(
      fallback,
      'unknown-price',
      `price ${subscription.priceId ?? '(none)'} is not in STRIPE_PRICE_TIERS: the ${fallback} plan applies`,
    );
  }
  if (PAYING_STATUSES.has(subscription.status)) {
    if (subscription.cancelAtPeriodEnd && periodEnd) {
      return {
        tier: paidTier,
        graceUntil: null,
        reviewAt: periodEnd,
        cause: 'cancelled-until-period-end',
        explanation: `cancellation scheduled: the ${paidTier} plan lasts until ${periodEnd.toISOString()}`,
      };
    }
    return settled(paidTier, 'subscribed', `subscribed to the ${paidTier} plan (price ${subscription.priceId})`);
  }
  if (DUNNING_STATUSES.has(subscription.status)) {
    // The grace period starts at the first failure we see and keeps its end across retries.
    const graceUntil = before.graceUntil ?? new Date(now.getTime() + policy.graceDays * DAY_MS);
    if (graceUntil.getTime() > now.getTime()) {
      return {
        tier: paidTier,
        graceUntil,
        reviewAt: graceUntil,
        cause: 'payment-grace',
        explanation: `payment failed: the ${paidTier} plan is kept until ${graceUntil.toISOString()} while Stripe retries`,
      };
    }
    return {
      tier: fallback,
      graceUntil,
      reviewAt: null,
      cause: 'grace-expired',
      explanation: `payment still failing after the grace period: the ${fallback} plan applies until it is paid`,
    };
  }
  return settled(
    fallback,
    'inactive-subscription',
    `subscription is ${subscription.status}: the ${fallback} plan applies`,
  );
}

function settled(tier: Tier, cause: BillingCause, explanation: string): BillingDecision {
  return { tier, graceUntil: null, reviewAt: null, cause, explanation };
}

/** Plans in order of what they allow, to tell an upgrade from a downgrade. */
export function compareTiers(left: Tier, right: Tier): number {
  return TIERS.indexOf(left) - TIERS.indexOf(right);
}

/**
 * The endpoints a plan with `maxEndpoints` cannot keep running: among those running now (not
 * paused, in an active job), the most recently created beyond the allowance. The oldest are
 * kept (ties by id), so the choice is deterministic and the endpoints set up first keep working.
 */
export function surplusEndpoints<Endpoint extends { id: string; createdAt: Date; isRunning: boolean }>(
  endpoints: readonly Endpoint[],
  maxEndpoints: number,
): Endpoint[] {
  const running = endpoints
    .filter((endpoint) => endpoint.isRunning)
    .sort((left, right) => left.createdAt.getTime() - right.createdAt.getTime() || left.id.localeCompare(right.id));
  return running.slice(maxEndpoints);
}
