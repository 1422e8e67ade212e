/**
 * `pnpm test:e2e`: Playwright specs in Debian's Chromium against `pnpm start` on a
 * fresh embedded database (or E2E_BASE_URL), then a plain `N passed, N failed` line.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { findFreePort } from '@cronwise/db/testing-server';

const ROOT = path.resolve(import.meta.dirname, '..');
const REPORT = path.join(ROOT, '.reports/playwright.json');
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };

if (!process.env.E2E_BASE_URL) {
  // Started the way a user starts it: no DATABASE_URL, a fresh data directory.
  const dataDir = path.join('.data', `e2e-${process.pid}`);
  await rm(path.join(ROOT, dataDir), { recursive: true, force: true });
  delete env.DATABASE_URL;
  env.CRONWISE_DATA_DIR = dataDir;
  env.EMBEDDED_POSTGRES_PORT = String(await findFreePort());
  env.E2E_PORT = String(await findFreePort());
  env.PORT = env.E2E_PORT;
  // The browser's origin (playwright.config.ts uses 127.0.0.1) is the one allowed to change data.
  env.PUBLIC_URL = `http://127.0.0.1:${env.E2E_PORT}`;
  // Specs read account e-mails (verification links) from the embedded database's outbox.
  env.E2E_DATABASE_URL = `postgresql://postgres:cronwise@127.0.0.1:${env.EMBEDDED_POSTGRES_PORT}/cronwise`;
  // Billing on, against the Stripe test double that e2e/billing.spec.ts runs on this port.
  env.E2E_STRIPE_PORT = String(await findFreePort());
  env.E2E_STRIPE_PRO_PRICE = 'price_e2e_pro';
  env.STRIPE_API_URL = `http://127.0.0.1:${env.E2E_STRIPE_PORT}`;
  env.STRIPE_SECRET_KEY = 'sk_test_e2e_double';
  env.STRIPE_WEBHOOK_SECRET = 'whsec_e2e_double';
  env.STRIPE_PRICE_TIERS = JSON.stringify({ [env.E2E_STRIPE_PRO_PRICE]: 'pro' });
  env.LOG_LEVEL = env.LOG_LEVEL ?? 'warn';
}

await mkdir(path.dirname(REPORT), { recursive: true });
await rm(REPORT, { force: true });
const child = spawn(
  process.execPath,
  [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  },
);
const exitCode: number = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
if (env.CRONWISE_DATA_DIR) await rm(path.join(ROOT, env.CRONWISE_DATA_DIR), { recursive: true, force: true });

try {
  const report = JSON.parse(await readFile(REPORT, 'utf8'));
  const stats = report.stats ?? {};
  console.log(`${stats.expected ?? 0} passed, ${(stats.unexpected ?? 0) + (stats.flaky ?? 0)} failed`);
} catch {
  console.log('0 passed, 1 failed');
}
process.exit(exitCode);
