import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@cronwise/db/migrate';
import { testDatabaseUrl } from '@cronwise/db/testing';
import { DAY_MS } from '@cronwise/domain';
import { QUEUE } from '@cronwise/jobs';
import { authenticateApiKey, createOutboxMailer, systemClock, verifyPassword } from '@cronwise/services';
import {
  type EngineHarness,
  makeEndpointFor,
  queuedOccurrences,
  startEngineHarness,
  TEST_ENCRYPTION_SECRET,
} from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI as an operator runs it: a real process (`pnpm cli`'s entry point) on this file's database.
let harness: EngineHarness;

beforeAll(async () => {
  harness = await startEngineHarness({ clock: systemClock });
});
afterAll(async () => {
  await harness.close();
});

interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The operator's configuration: the test database, and the encryption secret the harness uses.
const OPERATOR_ENV = () => ({ DATABASE_URL: testDatabaseUrl(), ENCRYPTION_SECRET: TEST_ENCRYPTION_SECRET });

function cli(args: string[], env: Record<string, string | undefined> = OPERATOR_ENV()) {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'apps/cli/src/main.ts'), ...args],
    {
      cwd: REPOSITORY_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<CliOutcome>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON output field by field
async function cliJson(args: string[]): Promise<any> {
  const outcome = await cli([...args, '--json']);
  expect(outcome.code, outcome.stderr).toBe(0);
  return JSON.parse(outcome.stdout);
}

describe('user commands', () => {
  it('user:create makes an account that can log in, with the plan and role asked for', async () => {
    const created = await cliJson([
      'user:create',
      '--email',
      'Ops@Example.com',
      '--password',
      'a long passphrase',
      '--name',
      'Ops',
      '--tier',
      'pro',
      '--admin',
    ]);
    expect(created).toMatchObject({ email: 'ops@example.com', name: 'Ops', role: 'admin', tier: 'pro' });

    const stored = await harness.deps.db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(await verifyPassword(stored.passwordHash ?? '', 'a long passphrase')).toBe(true);
    const audit = await harness.deps.db.auditEntry.findFirstOrThrow({ where: { targetId: created.id } });
    expect(audit).toMatchObject({ action: 'user.created', details: expect.objectContaining({ via: 'cli' }) });
  });

  it('user:create refuses a taken e-mail address', async () => {
    const taken = await cli(['user:create', '--email', 'ops@example.com', '--password', 'another long one']);
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toContain('a user with the e-mail address ops@example.com already exists');
  });

  it('user:set-tier moves a user to another plan, names an unknown one, and user:list shows everyone', async () => {
    await cliJson(['user:create', '--email', 'dev@example.com', '--password', 'a long passphrase']);
    const [moved, unknown] = await Promise.all([
      cliJson(['user:set-tier', '--email', 'dev@example.com', '--tier', 'enterprise']),
      cli(['user:set-tier', '--email', 'ghost@example.com', '--tier', 'pro', '--json']),
    ]);
    expect(moved).toMatchObject({ tier: 'enterprise', previousTier: 'free', isChanged: true });
    expect(await harness.deps.db.user.findUniqueOrThrow({ where: { email: 'dev@example.com' } })).toMatchObject({
      tier: 'enterprise',
    });
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const table = await cli(['user:list']);
    expect(table.stdout).toMatch(/^email\s+name\s+role\s+tier\s+created\s+id$/m);
    expect(table.stdout).toMatch(/^ops@example\.com\s+Ops\s+admin\s+pro\s/m);
    expect(table.stdout).toMatch(/^dev@example\.com\s+user\s+enterprise\s/m);
    expect(table.stdout).toContain('2 users.');
  });
});

describe('API key commands', () => {
  it('apikey:create prints a working key once, and apikey:revoke stops it at once', async () => {
    const created = await cliJson([
      'apikey:create',
      '--email',
      'dev@example.com',
      '--name',
      'deploy bot',
      '--scopes',
      'read,write',
      '--expires-in-days',
      '30',
    ]);
    expect(created.key).toMatch(/^cw_/);
    expect(created).toMatchObject({ name: 'deploy bot', scopes: ['read', 'write'], email: 'dev@example.com' });
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(29 * DAY_MS);

    const actor = await authenticateApiKey(harness.deps, created.key);
    expect(actor).toMatchObject({
      email: 'dev@example.com',
      credential: { kind: 'api-key', scopes: ['read', 'write'] },
    });
    const stored = await harness.deps.db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.hash).not.toContain(created.key);

    const revoked = await cli(['apikey:revoke', '--id', created.id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API key "deploy bot" (${created.id})`);
    expect(await authenticateApiKey(harness.deps, created.key)).toBeNull();

    const again = await cli(['apikey:revoke', '--id', created.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('was already revoked');
  });
});

describe('queue and occurrence commands', () => {
  it('queue:stats counts due, deferred and failed-free queues and dates the oldest due job', async () => {
    const now = Date.now();
    const oldest = new Date(now - 120_000);
    // The planning queue keeps one waiting analysis per endpoint (singletonKey), as producers send them.
    await harness.boss.send(QUEUE.planEndpoint, { endpointId: 'a' }, { startAfter: oldest, singletonKey: 'a' });
    await harness.boss.send(
      QUEUE.planEndpoint,
      { endpointId: 'b' },
      { startAfter: new Date(now - 5_000), singletonKey: 'b' },
    );
    await harness.boss.send(
      QUEUE.planEndpoint,
      { endpointId: 'c' },
      { startAfter: new Date(now + 3_600_000), singletonKey: 'c' },
    );

    const { queues } = await cliJson(['queue:stats']);
    expect(queues.map((entry: { queue: string }) => entry.queue)).toEqual(expect.arrayContaining(Object.values(QUEUE)));
    const planning = queues.find((entry: { queue: string }) => entry.queue === QUEUE.planEndpoint);
    expect(planning).toMatchObject({ queued: 2, deferred: 1, active: 0, failed: 0 });
    expect(Date.parse(planning.oldestDueAt)).toBe(oldest.getTime());
    expect(planning.oldestDueLagMs).toBeGreaterThanOrEqual(120_000);
  });

  it('occurrences:reconcile re-plans an endpoint whose occurrence was lost', async () => {
    const { endpoint } = await makeEndpointFor(harness.deps, {
      url: 'http://127.0.0.1:9/never-called',
      overrides: { intervalMs: 60_000, catchUpPolicy: 'skip' },
    });
    // Overdue with nothing queued: what a wiped queue or a restore leaves behind.
    await harness.deps.db.endpoint.update({
      where: { id: endpoint.id },
      data: { nextRunAt: new Date(Date.now() - 10 * 60_000) },
    });
    expect(await queuedOccurrences(harness.deps, endpoint.id)).toHaveLength(0);

    const { repaired } = await cliJson(['occurrences:reconcile']);
    expect(repaired).toEqual([endpoint.id]);
    expect((await queuedOccurrences(harness.deps, endpoint.id)).filter((job) => job.state === 'created')).toHaveLength(
      1,
    );
  });
});

describe('occurrences:explain', () => {
  it('says why an endpoint runs when it runs, as text and as JSON', async () => {
    const { endpoint } = await makeEndpointFor(harness.deps, {
      url: 'http://127.0.0.1:9/never-called',
      overrides: {
        intervalMs: 120_000,
        aiIntervalMs: 600_000,
        aiIntervalExpiresAt: new Date(Date.now() + 3_600_000),
        aiIntervalReason: 'quiet hours',
      },
    });
    // Planned by the repair pass; the AI hint's 10 min put the occurrence beyond the queue's horizon.
    await harness.deps.db.endpoint.update({
      where: { id: endpoint.id },
      data: { nextRunAt: new Date(Date.now() - 10 * 60_000) },
    });
    expect((await cliJson(['occurrences:reconcile'])).repaired).toContain(endpoint.id);

    const explained = await cliJson(['occurrences:explain', endpoint.id]);
    expect(explained.endpoint).toMatchObject({ id: endpoint.id, tier: 'enterprise' });
    expect(explained.hints).toEqual([expect.objectContaining({ kind: 'ai-interval', isInForce: true })]);
    expect(explained.planned.source).toBe('ai-interval');
    expect(explained.queued).toEqual([
      expect.objectContaining({ location: 'endpoint-row', kind: 'scheduled', isCurrent: true }),
    ]);

    const text = await cli(['occurrences:explain', endpoint.id]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Endpoint ${endpoint.name} (${endpoint.id})`);
    expect(text.stdout).toContain('Schedule: every 2 min; catch-up policy');
    expect(text.stdout).toMatch(/\* ai-interval: every 10 min; expires .* — "quiet hours"/);
    expect(text.stdout).toMatch(/decided by ai-interval/);
    expect(text.stdout).toMatch(/endpoint row\s+waiting for the horizon\s+scheduled/);
  });

  it('refuses a malformed id before connecting, and names an unknown one', async () => {
    const [malformed, missing, unknown] = await Promise.all([
      cli(['occurrences:explain', 'ep_123'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' }),
      cli(['occurrences:explain'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' }),
      cli(['occurrences:explain', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']),
    ]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('"ep_123" is not an endpoint id; endpoint ids are UUIDs');
    expect(malformed.stderr).toContain('usage: pnpm cli occurrences:explain <endpoint id>');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('name the endpoint');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('endpoint 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b was not found');
  });
});

describe('planner commands', () => {
  it('endpoint:analyze queues an AI planner session as the owner, and refuses an endpoint with AI off', async () => {
    const { endpoint } = await makeEndpointFor(harness.deps, {
      url: 'http://127.0.0.1:9/never-called',
      overrides: { aiMode: 'suggest' },
    });

    const { sessionId, endpointId } = await cliJson(['endpoint:analyze', '--id', endpoint.id]);

    expect(endpointId).toBe(endpoint.id);
    const session = await harness.deps.db.aiSession.findUnique({ where: { id: sessionId } });
    expect(session).toMatchObject({ endpointId: endpoint.id, trigger: 'manual', outcome: null });
    await harness.deps.db.endpoint.update({ where: { id: endpoint.id }, data: { aiMode: 'off' } });
    const refused = await cli(['endpoint:analyze', '--id', endpoint.id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('AI mode is off');
  });
});

describe('bad arguments', () => {
  it('fail with a clear message, the usage and exit code 2, before touching the database', async () => {
    const nowhere = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' };
    const [none, unknown, missing, json] = await Promise.all([
      cli([], nowhere),
      cli(['user:delete'], nowhere),
      cli(['user:create', '--email', 'someone@example.com'], nowhere),
      cli(['apikey:revoke', '--id', 'not-a-uuid', '--json'], nowhere),
    ]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toContain('Usage: pnpm cli <command> [options] [--json]');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('unknown command "user:delete"');
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('error: --password is required');
    expect(missing.stderr).toContain('usage: pnpm cli user:create --email E --password P');
    expect(json).toMatchObject({ code: 2, stdout: '' });
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: { code: 'USAGE', message: '--id: must be an API key id (a UUID)' },
    });
  });

  it('without DATABASE_URL, use the embedded database’s URL and say so', async () => {
    const outcome = await cli(['user:list'], { DATABASE_URL: undefined, EMBEDDED_POSTGRES_PORT: '1' });
    expect(outcome.stderr).toContain(
      'DATABASE_URL is unset: using the embedded PostgreSQL of `pnpm start` at postgresql://postgres:***@127.0.0.1:1/cronwise',
    );
    expect(outcome.stderr).toContain('could not reach the database');
    expect(outcome.code).toBe(1);
  });
});

describe('mail:outbox', () => {
  it('shows the mail kept without SMTP, newest first, filtered by recipient', async () => {
    const mailer = createOutboxMailer(harness.deps);
    await mailer.send({
      to: 'new@example.com',
      subject: 'Confirm your e-mail address',
      text: 'Open /auth/verify-email?token=abc',
    });
    await mailer.send({ to: 'other@example.com', subject: 'Reset', text: 'x' });

    const listed = await cliJson(['mail:outbox', '--to', 'new@example.com']);
    expect(listed.items).toEqual([
      expect.objectContaining({ to: 'new@example.com', subject: 'Confirm your e-mail address', transport: 'outbox' }),
    ]);
    const text = await cli(['mail:outbox', '--to', 'new@example.com']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('/auth/verify-email?token=abc');
    const bad = await cli(['mail:outbox', '--to', 'not-an-address']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be an e-mail address');
  });
});
