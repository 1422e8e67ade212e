import { expect, test } from '@playwright/test';
import pg from 'pg';
import {
  collectConsoleErrors,
  expectNoSeriousAccessibilityViolations,
  signInAsNewUser,
  signUpThroughTheApp,
  uniqueEmail,
} from './support/web-app';

/** Operators are made by `pnpm cli user:create --admin`; here the role is granted in the database. */
async function grantAdminRole(email: string): Promise<void> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is unset: run the specs with pnpm test:e2e');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`UPDATE users SET role = 'admin' WHERE email = $1`, [email]);
  } finally {
    await client.end();
  }
}

test.describe('operator and alert pages', () => {
  test.describe.configure({ timeout: 60_000 });

  test('an admin sees the queues, the users and why an endpoint runs when it runs; others see no Admin link', async ({
    page,
    baseURL,
  }) => {
    const consoleErrors = collectConsoleErrors(page);
    const email = await signInAsNewUser(page, 'operator', baseURL);
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    await grantAdminRole(email);
    await page.reload();

    await page.getByRole('link', { name: 'Admin' }).first().click();
    await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();
    await expect(page.getByRole('row', { name: /execute-occurrence/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Redrive failed jobs of execute-occurrence' })).toBeDisabled();
    await expect(page.getByRole('cell', { name: new RegExp(email) })).toBeVisible();

    await page.getByLabel('Endpoint id').fill('not-an-id');
    await page.getByRole('button', { name: 'Explain' }).click();
    await expect(page.getByText('must be a UUID')).toBeVisible();
    await expectNoSeriousAccessibilityViolations(page, 'admin');
    expect(consoleErrors.filter((line) => !line.includes('400'))).toEqual([]);
  });

  test('a person adds an e-mail channel, sends a test, and deletes it after confirming', async ({ page }) => {
    await signUpThroughTheApp(page, uniqueEmail('channels'));
    await page.getByRole('link', { name: 'Notification channels' }).first().click();
    await expect(page.getByRole('heading', { name: 'No channels yet' })).toBeVisible();

    const form = page.getByRole('form', { name: 'Create a notification channel' });
    await form.getByLabel('Kind').selectOption('email');
    await form.getByLabel('Name').fill('On-call');
    await form.getByLabel('E-mail address').fill('oncall@example.com');
    await form.getByRole('button', { name: 'Create channel' }).click();
    await expect(page.getByText('oncall@example.com')).toBeVisible();

    await page.getByRole('button', { name: 'Send test to On-call' }).click();
    await expect(page.getByText(/Test delivered to “On-call”|Test to “On-call” failed/)).toBeVisible();
    await expectNoSeriousAccessibilityViolations(page, 'notification channels');

    await page.getByRole('button', { name: 'Delete On-call' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete channel' }).click();
    await expect(page.getByRole('heading', { name: 'No channels yet' })).toBeVisible();

    await page.getByRole('link', { name: 'Alerts' }).first().click();
    await expect(page.getByRole('heading', { name: 'No alerts' })).toBeVisible();
  });
});
