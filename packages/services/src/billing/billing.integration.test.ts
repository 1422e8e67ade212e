import type { UserRecord } from '@cronwise/db';
import { makeEndpoint, makeJob, makeUser } from '@cronwise/db/testing';
import { DAY_MS, isAppError } from '@cronwise/domain';
import { QUEUE } from '@cronwise/jobs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actingAs } from '../admin/operator';
import { type EngineHarness, ManualClock, StripeTestDouble, startEngineHarness } from '../testing';
import type { BillingServiceDependencies } from './billing-not-configured';
import { getBilling } from './get-billing';
import { handleStripeWebhook } from './handle-stripe-webhook';
import { openBillingPortal } from './open-billing-portal';
import { reviewBilling } from './review-billing';
import { startCheckout } from './start-checkout';
import { createStripeGateway } from './stripe-gateway';

const PRO_PRICE = 'price_pro_monthly';
const ENTERPRISE_PRICE = 'price_enterprise_monthly';
const START = new Date('2026-12-01T12:00:00.000Z');
const clock = new ManualClock(START);
const operator = { via: 'cli' as const, name: 'billing-test' };

let harness: EngineHarness;
let stripe: StripeTestDouble;
let deps: BillingServiceDependencies;
let eventSequence = 0;

beforeAll(async () => {
  harness = await startEngineHarness({ clock });
  stripe = await StripeTestDouble.start();
  deps = {
    ...harness.deps,
    billing: {
      gateway: createStripeGateway({
        secretKey: stripe.secretKey,
        webhookSecret: stripe.webhookSecret,
        apiUrl: stripe.url,
      }),
      priceTiers: { [PRO_PRICE]: 'pro', [ENTERPRISE_PRICE]: 'enterprise' },
      graceDays: 7,
      returnUrl: 'http://cronwise.test/billing',
    },
  };
});
afterAll(async () => {
  await stripe.close();
  await harness.close();
});
beforeEach(() => clock.set(START));

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A user who went through checkout: linked to a Stripe customer of the test double. */
async function customer(tier: 'free' | 'pro' = 'free') {
  const user = await makeUser(harness.deps.db, { tier });
  await startCheckout(deps, actingAs(user, operator), { priceId: PRO_PRICE });
  const account = await harness.deps.db.user.findUniqueOrThrow({ where: { id: user.id } });
  return { user, customerId: account.stripeCustomerId as string };
}

function deliver(event: { type: string; customerId: string; id?: string }, signing: { secret?: string } = {}) {
  eventSequence += 1;
  const signed = stripe.signedEvent(
    {
      id: event.id ?? `evt_test_${eventSequence}`,
      type: event.type,
      object: { id: `obj_${eventSequence}`, object: 'subscription', customer: event.customerId, status: 'active' },
    },
    { timestampSeconds: seconds(clock.now()), ...signing },
  );
  return {
    signed,
    send: () => handleStripeWebhook(deps, { rawBody: Buffer.from(signed.body), signature: signed.signature }),
  };
}

async function tierOf(user: UserRecord) {
  return (await harness.deps.db.user.findUniqueOrThrow({ where: { id: user.id } })).tier;
}

async function tierAudits(user: UserRecord) {
  return harness.deps.db.auditEntry.findMany({
    where: { targetId: user.id, action: 'user.tier-changed' },
    orderBy: { createdAt: 'asc' },
  });
}

function subscribe(customerId: string, overrides: Partial<Parameters<StripeTestDouble['setSubscription']>[0]> = {}) {
  stripe.setSubscription({
    id: `sub_${customerId}`,
    customerId,
    status: 'active',
    priceId: PRO_PRICE,
    currentPeriodEnd: seconds(new Date(START.getTime() + 30 * DAY_MS)),
    cancelAtPeriodEnd: false,
    ...overrides,
  });
}

describe('checkout and portal through the real Stripe SDK', () => {
  it('creates the Stripe customer once, reuses it, and carries the user id into checkout', async () => {
    const user = await makeUser(harness.deps.db, { name: 'Ada' });
    const actor = actingAs(user, operator);

    const first = await startCheckout(deps, actor, { priceId: PRO_PRICE });
    await startCheckout(deps, actor, { priceId: ENTERPRISE_PRICE });

    expect(first.url).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    const sessions = [...stripe.checkoutSessions.values()].filter((session) => session.clientReferenceId === user.id);
    expect(sessions.map((session) => session.priceId)).toEqual([PRO_PRICE, ENTERPRISE_PRICE]);
    expect(new Set(sessions.map((session) => session.customer)).size).toBe(1);
    const created = stripe.requests.filter(
      (request) => request.path === '/v1/customers' && request.form['metadata[userId]'] === user.id,
    );
    expect(created).toHaveLength(1);
    expect(created[0]?.idempotencyKey).toBe(`cronwise-customer-${user.id}`);
    const checkout = stripe.requests.find(
      (request) => request.path === '/v1/checkout/sessions' && request.form.client_reference_id === user.id,
    );
    expect(checkout?.form).toMatchObject({
      mode: 'subscription',
      'metadata[userId]': user.id,
      'subscription_data[metadata][userId]': user.id,
      success_url: 'http://cronwise.test/billing?checkout=success',
    });

    const portal = await openBillingPortal(deps, actor);
    expect(portal.url).toMatch(new RegExp(`^${stripe.url}/portal/bps_`));
  });

  it('names the configured prices when asked for an unknown one', async () => {
    const user = await makeUser(harness.deps.db);
    const error = await startCheckout(deps, actingAs(user, operator), { priceId: 'price_nope' }).catch((e) => e);
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain(`choose one of ${PRO_PRICE}, ${ENTERPRISE_PRICE}`);
  });

  it('refuses a portal before any checkout, and a second subscription', async () => {
    const user = await makeUser(harness.deps.db);
    const noCustomer = await openBillingPortal(deps, actingAs(user, operator)).catch((e) => e);
    expect(noCustomer.code).toBe('CONFLICT');

    const subscribed = await customer();
    subscribe(subscribed.customerId);
    await deliver({ type: 'customer.subscription.created', customerId: subscribed.customerId }).send();
    const again = await startCheckout(deps, actingAs(subscribed.user, operator), { priceId: ENTERPRISE_PRICE }).catch(
      (e) => e,
    );
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('billing portal');
  });

  it('says billing is not configured when the deployment has no Stripe keys', async () => {
    const user = await makeUser(harness.deps.db);
    const off: BillingServiceDependencies = { ...harness.deps };
    const checkout = await startCheckout(off, actingAs(user, operator), { priceId: PRO_PRICE }).catch((e) => e);
    expect(checkout.code).toBe('BILLING_NOT_CONFIGURED');
    expect(checkout.message).toContain('billing is not configured');
    const webhook = await handleStripeWebhook(off, { rawBody: Buffer.from('{}'), signature: 't=1,v1=x' }).catch(
      (e) => e,
    );
    expect(webhook.code).toBe('BILLING_NOT_CONFIGURED');
    expect(await getBilling(off, actingAs(user, operator))).toMatchObject({
      enabled: false,
      tier: 'free',
      subscription: null,
      prices: [],
    });
  });
});

describe('Stripe webhooks', () => {
  it('upgrades at once from the re-fetched subscription and audits the event id', async () => {
    const { user, customerId } = await customer();
    subscribe(customerId);

    const delivery = deliver({ type: 'checkout.session.completed', customerId });
    const result = await delivery.send();

    expect(result.outcome).toBe('applied');
    expect(await tierOf(user)).toBe('pro');
    const [audit] = await tierAudits(user);
    expect(audit?.details).toMatchObject({
      kind: 'stripe',
      stripeEventId: result.eventId,
      stripeEventType: 'checkout.session.completed',
      from: 'free',
      to: 'pro',
    });
    expect(await getBilling(deps, actingAs(user, operator))).toMatchObject({
      enabled: true,
      tier: 'pro',
      subscription: { status: 'active', priceId: PRO_PRICE, cancelAtPeriodEnd: false },
      graceUntil: null,
    });
  });

  it('applies ten concurrent deliveries of one event exactly once', async () => {
    const { user, customerId } = await customer();
    subscribe(customerId);
    const delivery = deliver({ type: 'customer.subscription.created', customerId });

    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        handleStripeWebhook(deps, { rawBody: Buffer.from(delivery.signed.body), signature: delivery.signed.signature }),
      ),
    );

    expect(results.filter((result) => result.outcome === 'applied')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'duplicate')).toHaveLength(9);
    expect(await tierAudits(user)).toHaveLength(1);
    const eventId = results[0]?.eventId as string;
    expect(await harness.deps.db.webhookEvent.count({ where: { id: eventId } })).toBe(1);
  });

  it('ends in the right state when "deleted" arrives before a late "updated"', async () => {
    const { user, customerId } = await customer();
    subscribe(customerId);
    await deliver({ type: 'customer.subscription.created', customerId }).send();
    expect(await tierOf(user)).toBe('pro');

    // Stripe cancels immediately at the end of the period; the older "updated" event is delayed.
    clock.set(new Date(START.getTime() + 31 * DAY_MS));
    subscribe(customerId, { status: 'canceled' });
    const lateUpdate = deliver({ type: 'customer.subscription.updated', customerId });
    await deliver({ type: 'customer.subscription.deleted', customerId }).send();
    expect(await tierOf(user)).toBe('free');

    const late = await lateUpdate.send();
    expect(late.outcome).toBe('applied');
    expect(await tierOf(user)).toBe('free');
    expect((await tierAudits(user)).map((entry) => (entry.details as { to: string }).to)).toEqual(['pro', 'free']);
  });

  it('refuses a bad signature and changes nothing', async () => {
    const { user, customerId } = await customer();
    subscribe(customerId);
    const forged = deliver({ type: 'customer.subscription.created', customerId }, { secret: 'whsec_attacker' });
    const tampered = deliver({ type: 'customer.subscription.created', customerId });

    const forgedError = await forged.send().catch((e) => e);
    const tamperedError = await handleStripeWebhook(deps, {
      rawBody: Buffer.from(tampered.signed.body.replace('"livemode":false', '"livemode":true')),
      signature: tampered.signed.signature,
    }).catch((e) => e);
    const unsigned = await handleStripeWebhook(deps, {
      rawBody: Buffer.from(tampered.signed.body),
      signature: undefined,
    }).catch((e) => e);

    for (const error of [forgedError, tamperedError, unsigned]) {
      expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain('STRIPE_WEBHOOK_SECRET');
    }
    expect(await tierOf(user)).toBe('free');
    expect(
      await harness.deps.db.webhookEvent.count({ where: { id: { in: [JSON.parse(forged.signed.body).id] } } }),
    ).toBe(0);
  });

  it('refuses a correctly signed delivery replayed after the tolerance window', async () => {
    const { customerId } = await customer();
    const delivery = deliver({ type: 'invoice.paid', customerId });
    clock.advance(10 * 60_000);
    const error = await delivery.send().catch((e) => e);
    expect(error.code).toBe('VALIDATION_FAILED');
  });

  it('acknowledges events it does not handle, and customers it does not know', async () => {
    const ignored = await deliver({ type: 'charge.refunded', customerId: 'cus_unknown' }).send();
    expect(ignored.outcome).toBe('ignored');
    const unknown = await deliver({ type: 'invoice.paid', customerId: 'cus_unknown' }).send();
    expect(unknown.outcome).toBe('unknown-customer');
  });
});

describe('failed payments and cancellation', () => {
  it('keeps the paid plan through the grace period, then the scheduled review downgrades', async () => {
    const { user, customerId } = await customer();
    subscribe(customerId);
    await deliver({ type: 'customer.subscription.created', customerId }).send();

    subscribe(customerId, { status: 'past_due' });
    await deliver({ type: 'invoice.payment_failed', customerId }).send();
    const graceUntil = new Date(START.getTime() + 7 * DAY_MS);
    expect(await tierOf(user)).toBe('pro');
    expect((await getBilling(deps, actingAs(user, operator))).graceUntil).toEqual(graceUntil);
    const [review] = await harness.boss.findJobs<{ userId: string }>(QUEUE.reviewBilling, {
      key: user.id,
      queued: true,
    });
    expect(review?.data).toEqual({ userId: user.id });
    expect(review?.startAfter).toEqual(graceUntil);

    // Stripe retries and fails again three days later: the grace period does not restart.
    clock.advance(3 * DAY_MS);
    await deliver({ type: 'invoice.payment_failed', customerId }).send();
    expect(await reviewBilling(deps, user.id)).toMatchObject({ decision: { tier: 'pro', graceUntil } });
    expect(await tierOf(user)).toBe('pro');

    clock.set(new Date(graceUntil.getTime() + 1_000));
    const expired = await reviewBilling(deps, user.id);
    expect(expired?.decision.cause).toBe('grace-expired');
    expect(await tierOf(user)).toBe('free');
    const audits = await tierAudits(user);
    expect(audits.at(-1)?.details).toMatchObject({ kind: 'billing-review', from: 'pro', to: 'free' });
  });

  it('keeps the plan when the payment succeeds within the grace period', async () => {
    const { user, customerId } = await customer();
    subscribe(customerId);
    await deliver({ type: 'customer.subscription.created', customerId }).send();
    subscribe(customerId, { status: 'past_due' });
    await deliver({ type: 'invoice.payment_failed', customerId }).send();
    expect(await tierOf(user)).toBe('pro');

    clock.advance(2 * DAY_MS);
    subscribe(customerId, { status: 'active' });
    await deliver({ type: 'invoice.paid', customerId }).send();
    clock.advance(6 * DAY_MS);
    await reviewBilling(deps, user.id);

    expect(await tierOf(user)).toBe('pro');
    expect((await getBilling(deps, actingAs(user, operator))).graceUntil).toBeNull();
  });

  it('keeps a cancelled plan until the paid period ends', async () => {
    const { user, customerId } = await customer();
    const periodEnd = new Date(START.getTime() + 30 * DAY_MS);
    subscribe(customerId, { cancelAtPeriodEnd: true });
    await deliver({ type: 'customer.subscription.updated', customerId }).send();
    expect(await tierOf(user)).toBe('pro');
    expect((await getBilling(deps, actingAs(user, operator))).subscription).toMatchObject({
      cancelAtPeriodEnd: true,
      currentPeriodEnd: periodEnd,
    });
    const [review] = await harness.boss.findJobs(QUEUE.reviewBilling, { key: user.id, queued: true });
    expect(review?.startAfter).toEqual(periodEnd);

    clock.set(new Date(periodEnd.getTime() + 1_000));
    subscribe(customerId, { status: 'canceled', cancelAtPeriodEnd: true });
    await reviewBilling(deps, user.id);
    expect(await tierOf(user)).toBe('free');
  });
});

describe('downgrades lose nothing', () => {
  it('pauses the most recently created endpoints beyond the plan, deletes none, and clamps schedules', async () => {
    const PERIOD_OVER = new Date(START.getTime() + 31 * DAY_MS);
    const { user, customerId } = await customer();
    subscribe(customerId);
    await deliver({ type: 'customer.subscription.created', customerId }).send();
    const job = await makeJob(harness.deps.db, user.id);
    const endpoints = [];
    for (let index = 0; index < 7; index += 1) {
      endpoints.push(
        await makeEndpoint(harness.deps.db, job, {
          name: `endpoint ${index}`,
          intervalMs: 15_000,
          createdAt: new Date(START.getTime() - (10 - index) * 60_000),
          // Ran just before the period ended: the next run is measured from here.
          lastRunAt: new Date(PERIOD_OVER.getTime() - 5_000),
          lastPlannedAt: new Date(PERIOD_OVER.getTime() - 5_000),
        }),
      );
    }
    // A person paused one of the oldest: it does not count against the allowance.
    await harness.deps.db.endpoint.update({
      where: { id: endpoints[1]?.id as string },
      data: { pausedAt: START, pausedBy: 'user', pauseReason: 'maintenance' },
    });

    // The paid period is over and Stripe ended the subscription.
    clock.set(PERIOD_OVER);
    subscribe(customerId, { status: 'canceled' });
    const result = await deliver({ type: 'customer.subscription.deleted', customerId }).send();

    expect(await tierOf(user)).toBe('free');
    expect(result.sync?.planChange?.pausedEndpointIds).toEqual([endpoints[6]?.id]);
    const after = await harness.deps.db.endpoint.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(after).toHaveLength(7);
    expect(after.map((endpoint) => endpoint.pausedBy)).toEqual([null, 'user', null, null, null, null, 'system']);
    expect(after[6]?.pauseReason).toContain('the free plan runs 5 endpoints');
    for (const running of after.filter((endpoint) => endpoint.pausedAt === null)) {
      expect(running.nextRunExplanation).toContain("clamped to your plan's 1 min minimum");
    }
    const [audit] = (await tierAudits(user)).slice(-1);
    expect(audit?.details).toMatchObject({
      stripeEventId: result.eventId,
      to: 'free',
      pausedEndpointIds: [endpoints[6]?.id],
    });

    // An upgrade re-plans what was clamped; what the system paused waits for a person.
    subscribe(customerId, { id: `sub_again_${customerId}`, status: 'active', created: seconds(START) + 1 });
    await deliver({ type: 'customer.subscription.created', customerId }).send();
    const upgraded = await harness.deps.db.endpoint.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(upgraded[0]?.nextRunExplanation).not.toContain('clamped');
    expect(upgraded[6]?.pausedBy).toBe('system');
  });

  it('lets an operator set the plan by hand, through the same plan change', async () => {
    const { setUserTier } = await import('../admin/set-user-tier');
    const user = await makeUser(harness.deps.db, { tier: 'pro' });
    const job = await makeJob(harness.deps.db, user.id);
    for (let index = 0; index < 6; index += 1) await makeEndpoint(harness.deps.db, job, { name: `e${index}` });

    const result = await setUserTier(harness.deps, operator, { email: user.email, tier: 'free' });

    expect(result.previousTier).toBe('pro');
    expect(result.pausedEndpointIds).toHaveLength(1);
    expect((await tierAudits(user)).at(-1)?.details).toMatchObject({ kind: 'operator', operator: 'billing-test' });
    expect(await harness.deps.db.endpoint.count({ where: { userId: user.id } })).toBe(6);
  });
});
