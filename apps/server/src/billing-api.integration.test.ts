import { SESSION_COOKIE_NAME } from '@cronwise/api';
import { createStripeGateway, setUserTier } from '@cronwise/services';
import { StripeTestDouble } from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  intervalEndpoint,
  makeAccount,
  rest,
  startApiHarness,
  TEST_ORIGIN,
} from './testing/api-harness';

const PRO_PRICE = 'price_pro_monthly';
let stripe: StripeTestDouble;
let harness: ApiHarness;
let billingOff: ApiHarness;
let eventSequence = 0;

beforeAll(async () => {
  stripe = await StripeTestDouble.start();
  harness = await startApiHarness({
    billing: {
      gateway: createStripeGateway({
        secretKey: stripe.secretKey,
        webhookSecret: stripe.webhookSecret,
        apiUrl: stripe.url,
      }),
      priceTiers: { [PRO_PRICE]: 'pro', price_enterprise_monthly: 'enterprise' },
      graceDays: 7,
      returnUrl: `${TEST_ORIGIN}/billing`,
    },
  });
  billingOff = await startApiHarness();
});
afterAll(async () => {
  await billingOff?.close();
  await harness?.close();
  await stripe?.close();
});

function postWebhook(target: ApiHarness, body: string, signature: string | null) {
  return fetch(`${target.baseUrl}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    body,
  });
}

function signedEvent(type: string, customerId: string, secret?: string) {
  eventSequence += 1;
  return stripe.signedEvent(
    {
      id: `evt_http_${eventSequence}`,
      type,
      object: { id: `sub_${customerId}`, object: 'subscription', customer: customerId },
    },
    { timestampSeconds: Math.floor(harness.clock.now().getTime() / 1000), ...(secret ? { secret } : {}) },
  );
}

async function subscribedCustomer() {
  const account = await makeAccount(harness);
  const checkout = await rest(harness, 'POST', '/billing/checkout', { key: account.key, body: { priceId: PRO_PRICE } });
  expect(checkout.status).toBe(200);
  const customerId = [...stripe.checkoutSessions.values()].find(
    (session) => session.clientReferenceId === account.userId,
  )?.customer as string;
  stripe.setSubscription({
    id: `sub_${customerId}`,
    customerId,
    status: 'active',
    priceId: PRO_PRICE,
    currentPeriodEnd: Math.floor(harness.clock.now().getTime() / 1000) + 30 * 86_400,
    cancelAtPeriodEnd: false,
  });
  return { account, customerId };
}

describe('billing routes', () => {
  it('show the plan and the prices to a session or an admin key, and refuse a read-only key', async () => {
    const account = await makeAccount(harness);
    const readOnly = await makeAccount(harness, { scopes: ['read'] });

    const byKey = await rest(harness, 'GET', '/billing', { key: account.key });
    const bySession = await rest(harness, 'GET', '/billing', {
      cookie: `${SESSION_COOKIE_NAME}=${account.sessionToken}`,
    });
    const refused = await rest(harness, 'GET', '/billing', { key: readOnly.key });

    expect(byKey.status).toBe(200);
    expect(byKey.body).toEqual({
      enabled: true,
      tier: 'free',
      subscription: null,
      graceUntil: null,
      prices: [
        { priceId: PRO_PRICE, tier: 'pro' },
        { priceId: 'price_enterprise_monthly', tier: 'enterprise' },
      ],
    });
    expect(bySession.body).toEqual(byKey.body);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("'admin' scope");
  });

  it('start a checkout on the Stripe page and open the portal, with a session from the app', async () => {
    const account = await makeAccount(harness);
    const cookie = `${SESSION_COOKIE_NAME}=${account.sessionToken}`;

    const checkout = await rest(harness, 'POST', '/billing/checkout', {
      cookie,
      origin: TEST_ORIGIN,
      body: { priceId: PRO_PRICE },
    });
    const portal = await rest(harness, 'POST', '/billing/portal', { cookie, origin: TEST_ORIGIN, body: {} });

    expect(checkout.status).toBe(200);
    expect(checkout.body.url).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    const page = await fetch(checkout.body.url);
    expect(await page.text()).toContain(`price ${PRO_PRICE}`);
    expect(portal.status).toBe(200);
    expect(portal.body.url).toMatch(new RegExp(`^${stripe.url}/portal/`));
  });

  it('name the problem with a bad checkout request', async () => {
    const account = await makeAccount(harness);
    const unknown = await rest(harness, 'POST', '/billing/checkout', {
      key: account.key,
      body: { priceId: 'price_x' },
    });
    const extra = await rest(harness, 'POST', '/billing/checkout', {
      key: account.key,
      body: { priceId: PRO_PRICE, quantity: 3 },
    });

    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0]).toMatchObject({ path: ['priceId'] });
    expect(unknown.body.issues[0].message).toContain(PRO_PRICE);
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body)).toContain('quantity');
  });
});

describe('POST /webhooks/stripe', () => {
  it('verifies the raw body, applies the re-fetched subscription, and answers duplicates with 200', async () => {
    const { account, customerId } = await subscribedCustomer();
    const event = signedEvent('customer.subscription.created', customerId);

    const responses = await Promise.all(
      Array.from({ length: 10 }, () => postWebhook(harness, event.body, event.signature)),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));

    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(bodies.filter((body) => body.outcome === 'applied')).toHaveLength(1);
    expect(bodies.filter((body) => body.outcome === 'duplicate')).toHaveLength(9);
    const billing = await rest(harness, 'GET', '/billing', { key: account.key });
    expect(billing.body).toMatchObject({ tier: 'pro', subscription: { status: 'active', priceId: PRO_PRICE } });
    const me = await rest(harness, 'GET', '/me', { key: account.key });
    expect(me.body.tier).toBe('pro');
  });

  it('answers 400 to a bad signature and changes nothing', async () => {
    const { account, customerId } = await subscribedCustomer();
    const forged = signedEvent('customer.subscription.created', customerId, 'whsec_someone_else');
    const genuine = signedEvent('customer.subscription.created', customerId);

    const wrongSecret = await postWebhook(harness, forged.body, forged.signature);
    const reserialised = await postWebhook(
      harness,
      JSON.stringify(JSON.parse(genuine.body), null, 2),
      genuine.signature,
    );
    const unsigned = await postWebhook(harness, genuine.body, null);

    for (const response of [wrongSecret, reserialised, unsigned]) {
      expect(response.status).toBe(400);
      expect((await response.json()).code).toBe('VALIDATION_FAILED');
    }
    const billing = await rest(harness, 'GET', '/billing', { key: account.key });
    expect(billing.body.tier).toBe('free');
    expect(await harness.services.db.webhookEvent.count({ where: { id: JSON.parse(genuine.body).id } })).toBe(0);
  });
});

describe('after a downgrade', () => {
  it('a person resumes what the system paused only within the new plan’s allowance', async () => {
    const account = await makeAccount(harness, { tier: 'pro' });
    const job = await rest(harness, 'POST', '/jobs', { key: account.key, body: { name: 'Many' } });
    const ids: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const created = await rest(harness, 'POST', `/jobs/${job.body.id}/endpoints`, {
        key: account.key,
        body: intervalEndpoint({ name: `endpoint ${index}` }),
      });
      expect(created.status).toBe(200);
      ids.push(created.body.id);
    }

    const { pausedEndpointIds } = await setUserTier(
      harness.services,
      { via: 'cli', name: 'test' },
      { email: account.email, tier: 'free' },
    );
    expect(pausedEndpointIds).toEqual([ids[5]]);
    const paused = await rest(harness, 'GET', `/endpoints/${ids[5]}`, { key: account.key });
    expect(paused.body.pause).toMatchObject({ pausedBy: 'system' });
    expect(paused.body.pause.reason).toContain('the free plan runs 5 endpoints');

    const refused = await rest(harness, 'POST', `/endpoints/${ids[5]}/resume`, { key: account.key, body: {} });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'PLAN_LIMIT_EXCEEDED', limit: 'maxEndpoints' });
    expect(refused.body.message).toContain('your plan runs 5 endpoints and 5 are running');

    await rest(harness, 'POST', `/endpoints/${ids[0]}/pause`, { key: account.key, body: {} });
    const resumed = await rest(harness, 'POST', `/endpoints/${ids[5]}/resume`, { key: account.key, body: {} });
    expect(resumed.status).toBe(200);
    expect(resumed.body.pause).toBeNull();
  });
});

describe('billing off (no Stripe keys)', () => {
  it('keeps the default plan and says billing is not configured', async () => {
    const account = await makeAccount(billingOff);

    const overview = await rest(billingOff, 'GET', '/billing', { key: account.key });
    const checkout = await rest(billingOff, 'POST', '/billing/checkout', {
      key: account.key,
      body: { priceId: PRO_PRICE },
    });
    const portal = await rest(billingOff, 'POST', '/billing/portal', { key: account.key, body: {} });
    const webhook = await postWebhook(billingOff, '{}', 't=1,v1=abc');

    expect(overview.body).toEqual({ enabled: false, tier: 'free', subscription: null, graceUntil: null, prices: [] });
    for (const response of [checkout, portal]) {
      expect(response.status).toBe(501);
      expect(response.body).toMatchObject({ code: 'BILLING_NOT_CONFIGURED' });
      expect(response.body.message).toContain('billing is not configured');
    }
    expect(webhook.status).toBe(501);
  });
});
