import { expect, test } from '@playwright/test';
import {
  collectConsoleErrors,
  expectNoSeriousAccessibilityViolations,
  PASSWORD,
  signInAsNewUser,
  signUpThroughTheApp,
  startTarget,
  uniqueEmail,
} from './support/web-app';

test.describe('the web app', () => {
  // Each spec signs up and signs in through the pages; a shared CI machine needs the room.
  test.describe.configure({ timeout: 60_000 });

  test('a new person signs up, schedules an endpoint, runs it, reads the response, pauses and resumes it', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const consoleErrors = collectConsoleErrors(page);
    const target = await startTarget();
    try {
      await signUpThroughTheApp(page, uniqueEmail('journey'));

      await page.getByRole('link', { name: 'Jobs' }).first().click();
      await expect(page.getByText('No jobs yet')).toBeVisible();
      await page.getByRole('button', { name: 'New job' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'New job' });
      await dialog.getByLabel('Name').fill('Reports');
      await dialog.getByRole('button', { name: 'Create job' }).click();
      await expect(page.getByRole('heading', { name: /Reports/ })).toBeVisible();

      await page.getByRole('link', { name: 'New endpoint' }).first().click();
      await page.getByLabel('Name', { exact: true }).fill('Daily report');
      await page.getByLabel('URL').fill(target.url);
      await page.getByLabel('Cron expression').fill('0 9 * * 1-5');
      await page.getByLabel('Time zone').fill('Europe/Berlin');
      await expect(page.getByText('At 09:00, Monday through Friday (Europe/Berlin)')).toBeVisible();
      const preview = page.getByTestId('schedule-preview');
      await expect(preview).toContainText('Next runs (Europe/Berlin)');
      await expect(preview.locator('li')).toHaveCount(5);
      await expect(preview).toContainText('Smallest gap');
      await page.getByRole('button', { name: 'Create endpoint' }).click();

      await expect(page.getByRole('heading', { name: /Daily report/ })).toBeVisible();
      await expect(page.getByTestId('next-run')).toContainText(/^in /);
      await expect(page.getByRole('heading', { name: 'No runs yet', exact: true })).toBeVisible();

      // The run appears without a reload: the history refreshes itself while the page is open.
      await page.getByRole('button', { name: 'Run now' }).click();
      const firstRun = page.getByTestId('run-row').first();
      await expect(firstRun).toContainText('success', { timeout: 30_000 });
      await expect(firstRun).toContainText('200');
      expect(target.calls()).toBeGreaterThanOrEqual(1);

      await firstRun.getByRole('link').click();
      await expect(page.getByRole('heading', { name: /Run/ })).toContainText('HTTP 200');
      await expect(page.getByRole('region', { name: 'Response body' })).toContainText(
        '"greeting": "hello from the e2e target"',
      );
      await page.getByRole('link', { name: 'Back to endpoint' }).click();

      await page.getByRole('button', { name: 'Pause' }).click();
      const pauseDialog = page.getByRole('dialog', { name: 'Pause this endpoint' });
      await pauseDialog.getByLabel('Reason (optional)').fill('maintenance window');
      await pauseDialog.getByRole('button', { name: 'Pause' }).click();
      await expect(page.getByTestId('pause-banner')).toContainText('maintenance window');
      await expect(page.getByTestId('next-run')).toHaveText('Paused');

      await page.getByRole('button', { name: 'Resume' }).click();
      await expect(page.getByTestId('pause-banner')).toHaveCount(0);
      await expect(page.getByTestId('next-run')).toContainText(/^in /);
      expect(consoleErrors).toEqual([]);
    } finally {
      await target.close();
    }
  });

  test('an AI suggestion for a failing endpoint waits for approval and is applied when approved', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const target = await startTarget(503);
    try {
      await signInAsNewUser(page, 'ai', baseURL);
      await page.getByRole('link', { name: 'Jobs' }).first().click();
      await page.getByRole('button', { name: 'New job' }).first().click();
      await page.getByRole('dialog', { name: 'New job' }).getByLabel('Name').fill('Flaky things');
      await page.getByRole('button', { name: 'Create job' }).click();
      await page.getByRole('link', { name: 'New endpoint' }).first().click();
      await page.getByLabel('Name', { exact: true }).fill('Status probe');
      await page.getByLabel('URL').fill(target.url);
      await page.getByText('Interval', { exact: true }).click();
      await expect(page.getByRole('radio', { name: 'Interval' })).toBeChecked();
      await page.getByLabel('Every').fill('1');
      await page.getByLabel('Unit').selectOption('hours');
      await page.getByLabel('Attempts per run').fill('1');
      await page.getByLabel('AI planner').selectOption('suggest');
      await page.getByRole('button', { name: 'Create endpoint' }).click();
      await expect(page.getByRole('heading', { name: /Status probe/ })).toBeVisible();

      await page.getByRole('button', { name: 'Run now' }).click();
      await expect(page.getByTestId('run-row').first()).toContainText('failure', { timeout: 30_000 });
      // The heuristic planner (no LLM configured) answers one failed run with a confirmation run.
      await page.getByRole('button', { name: 'Analyze now' }).click();
      const proposal = page.getByTestId('proposal').first();
      await expect(proposal).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId('ai-session').first()).toBeVisible();
      // The failed run queued an analysis of its own: a second session may supersede the proposal
      // shown first, and the list then shows the newer one. Approve whatever is pending now.
      await expect(async () => {
        await page
          .getByTestId('proposal')
          .first()
          .getByRole('button', { name: /^Approve/ })
          .click();
        await expect(page.getByText('Suggestion approved and applied')).toBeVisible({ timeout: 3_000 });
      }).toPass({ timeout: 30_000 });
      await expect(page.getByTestId('proposal')).toHaveCount(0);
      await expect(page.getByText('Nothing waits for your decision.')).toBeVisible();
    } finally {
      await target.close();
    }
  });

  test("the API's validation issues are shown beside the fields they concern", async ({ page, baseURL }) => {
    await signInAsNewUser(page, 'validation', baseURL);
    await page.getByRole('link', { name: 'Jobs' }).first().click();
    await page.getByRole('button', { name: 'New job' }).first().click();
    await page.getByRole('dialog', { name: 'New job' }).getByLabel('Name').fill('Checks');
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.getByRole('link', { name: 'New endpoint' }).first().click();

    await page.getByLabel('Name', { exact: true }).fill('Broken');
    await page.getByLabel('URL').fill('https://example.com/hook');
    await page.getByLabel('Cron expression').fill('every day at nine');
    await page.getByRole('button', { name: 'Create endpoint' }).click();

    const cron = page.getByLabel('Cron expression');
    await expect(cron).toHaveAttribute('aria-invalid', 'true');
    const errorId = (await cron.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeTruthy();
    await expect(page.locator(`[id="${errorId}"]`)).not.toBeEmpty();
    await expect(page).toHaveURL(/\/endpoints\/new$/);
  });

  test('an API key is shown once, after the address is confirmed', async ({ page }) => {
    await signUpThroughTheApp(page, uniqueEmail('keys'));
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('deploy script');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = page.getByTestId('new-api-key');
    await expect(key).toHaveText(/^cw_/);
    await expect(page.getByText('it is not shown again')).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: 'deploy script' })).toHaveCount(1);

    await page.reload();
    await expect(page.getByTestId('new-api-key')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Revoke deploy script' })).toBeVisible();
  });

  test('the admin page is a 404 for a normal user', async ({ page, baseURL }) => {
    await signInAsNewUser(page, 'not-admin', baseURL);
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    await page.goto('/admin');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });

  test('an expired session leads to sign-in and back to the page that was asked for', async ({ page, baseURL }) => {
    const email = await signInAsNewUser(page, 'expiry', baseURL);
    await page.context().clearCookies();
    await page.goto('/usage');
    await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fusage/);
    await expect(page.getByText('Your session ended')).toBeVisible();
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Usage' })).toBeVisible();
    await expect(page).toHaveURL(/\/usage$/);
  });

  test('the main pages have no serious accessibility violations', async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    await page.goto('/sign-in');
    await expectNoSeriousAccessibilityViolations(page, 'sign-in');
    await page.goto('/sign-up');
    await expectNoSeriousAccessibilityViolations(page, 'sign-up');
    await signInAsNewUser(page, 'a11y', baseURL);
    await page.getByRole('link', { name: 'Jobs' }).first().click();
    await page.getByRole('button', { name: 'New job' }).first().click();
    await page.getByRole('dialog', { name: 'New job' }).getByLabel('Name').fill('Accessible');
    await page.getByRole('button', { name: 'Create job' }).click();
    await expect(page.getByRole('heading', { name: /Accessible/ })).toBeVisible();
    const jobPath = new URL(page.url()).pathname;
    const pages = [
      ['dashboard', '/'],
      ['jobs', '/jobs'],
      ['job', jobPath],
      ['new endpoint', `${jobPath}/endpoints/new`],
      ['API keys', '/settings/api-keys'],
      ['settings', '/settings'],
      ['usage', '/usage'],
    ] as const;
    // Every page in light; dark mode changes colours only, so a few pages cover its contrast.
    const darkPages = new Set(['dashboard', 'job', 'new endpoint']);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const [name, path] of pages) {
        if (colorScheme === 'dark' && !darkPages.has(name)) continue;
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByRole('status', { name: /^Loading/ })).toHaveCount(0);
        await expectNoSeriousAccessibilityViolations(page, `${name} (${colorScheme})`);
      }
    }
  });

  test('the server answers client routes with the app and leaves its own routes alone', async ({ request }) => {
    const deepLink = await request.get('/jobs/some-id?status=paused');
    expect(deepLink.status()).toBe(200);
    expect(deepLink.headers()['cache-control']).toBe('no-cache');
    expect(await deepLink.text()).toContain('<div id="root">');

    const html = await deepLink.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const script = await request.get(asset as string);
    expect(script.status()).toBe(200);
    expect(script.headers()['cache-control']).toBe('public, max-age=31536000, immutable');

    const unknownApi = await request.get('/api/v1/no-such-thing');
    expect(unknownApi.status()).toBe(404);
    expect(unknownApi.headers()['content-type']).toContain('application/json');
    const missingAsset = await request.get('/assets/missing-file.js');
    expect(missingAsset.status()).toBe(404);
    expect((await request.get('/healthz')).status()).toBe(200);
  });
});
