import { makeUser } from '@cronwise/db/testing';
import { DAY_MS } from '@cronwise/domain';
import {
  actingAs,
  type BillingServiceDependencies,
  createStripeGateway,
  handleStripeWebhook,
  startCheckout,
} from '@cronwise/services';
import { type EngineHarness, ManualClock, StripeTestDouble, startEngineHarness } from '@cronwise/services/testing';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerBillingHandlers } from './billing-handlers';

const PRO_PRICE = 'price_pro_monthly';
// The failed payment happened eight days ago: its seven-day grace ended yesterday.
const FAILED_AT = new Date(Date.now() - 8 * DAY_MS);
const clock = new ManualClock(FAILED_AT);
let harness: EngineHarness;
let stripe: StripeTestDouble;
let deps: BillingServiceDependencies;

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
      priceTiers: { [PRO_PRICE]: 'pro' },
      graceDays: 7,
      returnUrl: 'http://cronwise.test/billing',
    },
  };
});
afterAll(async () => {
  await harness?.close();
  await stripe?.close();
});

it('downgrades when the scheduled review job comes due after an unpaid grace period', async () => {
  const user = await makeUser(harness.deps.db);
  await startCheckout(deps, actingAs(user, { via: 'cli', name: 'test' }), { priceId: PRO_PRICE });
  const customerId = [...stripe.customers.values()].find((customer) => customer.metadata.userId === user.id)?.id ?? '';
  stripe.setSubscription({
    id: 'sub_unpaid',
    customerId,
    status: 'past_due',
    priceId: PRO_PRICE,
    currentPeriodEnd: Math.floor(FAILED_AT.getTime() / 1000) + 20 * 86_400,
    cancelAtPeriodEnd: false,
  });
  const event = stripe.signedEvent(
    { id: 'evt_payment_failed', type: 'invoice.payment_failed', object: { object: 'invoice', customer: customerId } },
    { timestampSeconds: Math.floor(FAILED_AT.getTime() / 1000) },
  );
  await handleStripeWebhook(deps, { rawBody: Buffer.from(event.body), signature: event.signature });
  const inGrace = await harness.deps.db.user.findUniqueOrThrow({ where: { id: user.id } });
  expect(inGrace.tier).toBe('pro');

  // Now is after the grace period; the queued review (startAfter = grace end) is due at once.
  clock.set(new Date());
  await registerBillingHandlers(harness.boss, deps, pino({ level: 'silent' }));

  await expect
    .poll(async () => (await harness.deps.db.user.findUniqueOrThrow({ where: { id: user.id } })).tier, {
      timeout: 45_000,
      interval: 250,
    })
    .toBe('free');
  const audit = await harness.deps.db.auditEntry.findFirst({
    where: { targetId: user.id, action: 'user.tier-changed' },
    orderBy: { createdAt: 'desc' },
  });
  expect(audit?.details).toMatchObject({ kind: 'billing-review', from: 'pro', to: 'free' });
});
