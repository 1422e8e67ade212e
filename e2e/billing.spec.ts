import { StripeTestDouble } from '@cronwise/services/testing';
import { expect, test } from '@playwright/test';

/**
 * The server under test is started (scripts/test-e2e.ts) with Stripe keys, a price and
 * STRIPE_API_URL pointing at this port, where the spec runs the Stripe test double: the real
 * Stripe SDK in the server creates the customer and the Checkout session there.
 */
const stripePort = Number(process.env.E2E_STRIPE_PORT);
const proPrice = process.env.E2E_STRIPE_PRO_PRICE ?? 'price_e2e_pro';

test.describe('Plan & billing', () => {
  test.skip(!stripePort, 'needs the local Stripe test double; not available against E2E_BASE_URL');

  let stripe: StripeTestDouble;
  test.beforeAll(async () => {
    stripe = await StripeTestDouble.start({
      port: stripePort,
      secretKey: process.env.STRIPE_SECRET_KEY ?? '',
      webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? '',
    });
  });
  test.afterAll(async () => {
    await stripe?.close();
  });

  test('the upgrade button leads to the Stripe checkout page for the configured price', async ({ page, baseURL }) => {
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    const email = `billing-${Date.now()}@example.com`;
    const password = 'a long billing passphrase';
    const signUp = await page.request.post('/trpc/auth.signUp', {
      headers: { origin: baseURL ?? '' },
      data: { json: { email, password } },
    });
    expect(signUp.status()).toBe(200);

    await page.goto('/sign-in?redirect=/billing');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByRole('heading', { name: 'Plan & billing' })).toBeVisible();
    await expect(page.getByText('Current plan:')).toBeVisible();
    await page.getByRole('button', { name: 'Upgrade to pro' }).click();

    await page.waitForURL(`${stripe.url}/checkout/**`);
    await expect(page.getByTestId('session')).toContainText(`price ${proPrice}`);
    const [session] = [...stripe.checkoutSessions.values()];
    expect(session?.priceId).toBe(proPrice);
    expect(session?.successUrl).toMatch(/\/billing\?checkout=success$/);
    expect(consoleErrors).toEqual([]);
  });
});
