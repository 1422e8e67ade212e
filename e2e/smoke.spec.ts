import { expect, test } from '@playwright/test';

test('the health endpoint reports the database and the queue as healthy', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', db: 'ok', queue: 'ok' });
});

test('the home page loads without console errors and shows the service as healthy', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Cronwise' })).toBeVisible();
  await expect(page.locator('#status')).toHaveAttribute('data-state', 'ok');
  expect(consoleErrors).toEqual([]);
});
