import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import pg from 'pg';

export const PASSWORD = 'a long e2e passphrase';

/** A fresh address per test, so specs never share an account. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/**
 * The newest link of `kind` mailed to `email`, read from the outbox of the embedded database
 * that scripts/test-e2e.ts started (no SMTP server is configured in e2e runs).
 */
export async function mailedLink(email: string, kind: 'verify-email' | 'reset-password'): Promise<string> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is unset: run the specs with pnpm test:e2e');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const { rows } = await client.query<{ text: string }>(
            'SELECT text FROM mail_messages WHERE "to" = $1 ORDER BY "createdAt" DESC',
            [email],
          );
          link = rows
            .map((row) => new RegExp(`https?://\\S*/auth/${kind}\\?token=\\S+`).exec(row.text)?.[0])
            .find(Boolean);
          return link;
        },
        { message: `a ${kind} mail to ${email}` },
      )
      .toBeTruthy();
    return link as string;
  } finally {
    await client.end();
  }
}

/** Signs up through the pages, opens the confirmation link and lands signed in on the dashboard. */
export async function signUpThroughTheApp(page: Page, email: string): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible();
  await page.goto(await mailedLink(email, 'verify-email'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
}

/** An account created over the API and signed in through the sign-in page (address unconfirmed). */
export async function signInAsNewUser(page: Page, label: string, baseURL: string | undefined): Promise<string> {
  const email = uniqueEmail(label);
  const response = await page.request.post('/trpc/auth.signUp', {
    headers: { origin: baseURL ?? '' },
    data: { json: { email, password: PASSWORD } },
  });
  expect(response.status()).toBe(200);
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  return email;
}

/** Errors the page logged or threw; asserted empty at the end of a spec. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function expectNoSeriousAccessibilityViolations(page: Page, pageName: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
  expect(serious, `accessibility violations on ${pageName}`).toEqual([]);
}

/** A real HTTP target on loopback that answers JSON and counts its calls. */
export async function startTarget(
  status = 200,
): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((_request, response) => {
    calls += 1;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ greeting: 'hello from the e2e target', call: calls }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
