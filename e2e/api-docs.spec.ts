import { expect, test } from '@playwright/test';

test('the API reference page lists the public REST operations without console errors', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  const response = await page.goto('/api/docs');
  expect(response?.status()).toBe(200);
  await expect(page.getByText('/api/v1', { exact: false }).first()).toBeVisible();
  await expect(page.locator('h3', { hasText: 'POST /jobs' }).first()).toBeVisible();
  await expect(page.locator('h3', { hasText: 'GET /endpoints/{id}/runs' }).first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('the OpenAPI document is served and describes the jobs API', async ({ request }) => {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  const document = await response.json();
  expect(document.openapi).toMatch(/^3\.1/);
  expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/jobs', '/jobs/{id}', '/endpoints/{id}/runs']));
});
