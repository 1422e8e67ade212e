import { findEndpointById } from '@cronwise/db';
import { decryptSecret } from '@cronwise/services';
import { TargetServer } from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, intervalEndpoint, makeAccount, rest, startApiHarness } from './testing/api-harness';

let harness: ApiHarness;
let target: TargetServer;
beforeAll(async () => {
  harness = await startApiHarness({ rateLimits: { runNow: { limit: 2, windowMs: 60_000 } } });
  target = await TargetServer.start();
});
afterAll(async () => {
  await target.close();
  await harness.close();
});

async function jobFor(key: string): Promise<string> {
  return (await rest(harness, 'POST', '/jobs', { key, body: { name: 'Endpoints' } })).body.id;
}

describe('endpoints over REST', () => {
  it('creates an endpoint and says when it runs next and why', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const response = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({
        method: 'POST',
        body: '{"full":true}',
        retry: { maxAttempts: 2, baseDelayMs: 500, maxDelayMs: 5_000 },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      jobId,
      name: 'Sync orders',
      method: 'POST',
      schedule: { type: 'interval', intervalMs: 300_000 },
      retry: { maxAttempts: 2, baseDelayMs: 500, maxDelayMs: 5_000 },
      successStatusCodes: '200-299',
      overlap: 'skip',
      catchUp: 'once',
      // New endpoints are analysed in suggest mode unless asked otherwise (issue 9).
      aiMode: 'suggest',
      nextRunAt: '2026-12-01T10:05:00.000Z',
      nextRunSource: 'baseline-interval',
    });
    expect(response.body.nextRunExplanation).toEqual(expect.any(String));

    const list = await rest(harness, 'GET', `/jobs/${jobId}/endpoints?limit=10`, { key });
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].id).toBe(response.body.id);
  });

  it('accepts a cron schedule in a time zone and normalises it', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const response = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({ schedule: { type: 'cron', cron: '0  9 * * 1-5', timezone: 'europe/berlin' } }),
    });
    expect(response.status).toBe(200);
    expect(response.body.schedule).toEqual({ type: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' });
    expect(response.body.nextRunSource).toBe('baseline-cron');
  });

  it('rejects bad cron, unknown time zones and bad status rules with every field path', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const response = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({
        schedule: { type: 'cron', cron: '61 * * * *', timezone: 'Mars/Olympus' },
        successStatusCodes: '200-299,abc',
      }),
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const paths = response.body.issues.map((found: { path: string[] }) => found.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['schedule.cron', 'schedule.timezone', 'successStatusCodes']));
  });

  it('holds intervals and a cron’s smallest gap to the plan minimum, naming the limit', async () => {
    const { key } = await makeAccount(harness, { tier: 'free' });
    const jobId = await jobFor(key);
    const interval = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({ schedule: { type: 'interval', intervalMs: 5_000 } }),
    });
    expect(interval.status).toBe(422);
    expect(interval.body).toMatchObject({ code: 'PLAN_LIMIT_EXCEEDED', limit: 'minIntervalMs' });
    expect(interval.body.message).toContain('below your plan');

    const cron = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({ schedule: { type: 'cron', cron: '*/10 * * * * *', timezone: 'UTC' } }),
    });
    expect(cron.status).toBe(422);
    expect(cron.body.limit).toBe('minIntervalMs');
    expect(cron.body.issues[0].path).toEqual(['schedule', 'cron']);

    const timeout = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({ timeoutMs: 120_000 }),
    });
    expect(timeout.status).toBe(422);
    expect(timeout.body.limit).toBe('timeoutCapMs');
  });

  it('refuses more endpoints than the plan allows', async () => {
    const { key } = await makeAccount(harness, { tier: 'free' });
    const jobId = await jobFor(key);
    const allowed = harness.services.tierLimits.free.maxEndpoints;
    for (let index = 0; index < allowed; index += 1) {
      expect((await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() })).status).toBe(
        200,
      );
    }
    const over = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'PLAN_LIMIT_EXCEEDED', limit: 'maxEndpoints' });
  });

  it('blocks private, loopback and localhost targets at save time unless allowlisted', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    for (const url of [
      'http://10.1.2.3/hook',
      'http://localhost:8080/',
      'http://[::ffff:192.168.0.1]/',
      'http://169.254.169.254/latest',
    ]) {
      const response = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
        key,
        body: intervalEndpoint({ url }),
      });
      expect(response.status, url).toBe(400);
      expect(response.body.code).toBe('TARGET_BLOCKED');
      expect(response.body.issues[0].path).toEqual(['url']);
    }
    const allowlisted = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({ url: 'http://127.0.0.1:9/hook' }),
    });
    expect(allowlisted.status).toBe(200);
    const ftp = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({ url: 'ftp://example.com/x' }),
    });
    expect(ftp.status).toBe(400);
    expect(ftp.body.code).toBe('VALIDATION_FAILED');
  });

  it('stores secret header values encrypted, returns them masked and keeps them when the mask is sent back', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const created = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({
        headers: [
          { name: 'Authorization', value: 'Bearer s3cr3t' },
          { name: 'X-Api-Key', value: 'key-123' },
          { name: 'X-Plain', value: 'visible' },
          { name: 'X-Custom', value: 'hidden', isSecret: true },
        ],
      }),
    });
    expect(created.body.headers).toEqual([
      { name: 'Authorization', value: '********', isSecret: true },
      { name: 'X-Api-Key', value: '********', isSecret: true },
      { name: 'X-Plain', value: 'visible', isSecret: false },
      { name: 'X-Custom', value: '********', isSecret: true },
    ]);
    const stored = (await findEndpointById(harness.services.db, created.body.id))?.headers as Array<{ value: string }>;
    expect(JSON.stringify(stored)).not.toContain('s3cr3t');
    expect(decryptSecret(stored[0]?.value ?? '', harness.services.encryptionSecret)).toBe('Bearer s3cr3t');

    const updated = await rest(harness, 'PATCH', `/endpoints/${created.body.id}`, {
      key,
      body: {
        headers: [
          { name: 'Authorization', value: '********' },
          { name: 'X-Plain', value: 'changed' },
        ],
      },
    });
    expect(updated.status).toBe(200);
    const restored = (await findEndpointById(harness.services.db, created.body.id))?.headers as Array<{
      value: string;
    }>;
    expect(decryptSecret(restored[0]?.value ?? '', harness.services.encryptionSecret)).toBe('Bearer s3cr3t');
    expect(restored[1]?.value).toBe('changed');
  });

  it('limits header and body sizes', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const response = await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, {
      key,
      body: intervalEndpoint({
        method: 'POST',
        headers: [
          { name: 'X-Big', value: 'x'.repeat(8_000) },
          { name: 'Bad Name', value: 'y' },
        ],
        body: 'z'.repeat(70_000),
      }),
    });
    expect(response.status).toBe(400);
    const paths = response.body.issues.map((found: { path: unknown[] }) => found.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['headers.1.name', 'body']));
  });

  it('edits re-plan the endpoint and re-check the plan', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const created = (await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() })).body;
    const edited = await rest(harness, 'PATCH', `/endpoints/${created.id}`, {
      key,
      body: { schedule: { type: 'interval', intervalMs: 120_000 }, name: 'Renamed' },
    });
    expect(edited.body).toMatchObject({ name: 'Renamed', url: created.url, nextRunAt: '2026-12-01T10:02:00.000Z' });
    const tooFast = await rest(harness, 'PATCH', `/endpoints/${created.id}`, {
      key,
      body: { schedule: { type: 'interval', intervalMs: 1_000 } },
    });
    expect(tooFast.status).toBe(422);
    expect((await rest(harness, 'GET', `/endpoints/${created.id}`, { key })).body.schedule.intervalMs).toBe(120_000);
  });

  it('pauses and resumes, with the pause visible in the response', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const created = (await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() })).body;
    const paused = await rest(harness, 'POST', `/endpoints/${created.id}/pause`, {
      key,
      body: { reason: 'maintenance' },
    });
    expect(paused.body.pause).toMatchObject({ reason: 'maintenance', pausedBy: 'user', until: null });
    expect(paused.body.nextRunAt).toBeNull();
    const resumed = await rest(harness, 'POST', `/endpoints/${created.id}/resume`, { key });
    expect(resumed.body.pause).toBeNull();
    expect(resumed.body.nextRunAt).not.toBeNull();
    const pastPause = await rest(harness, 'POST', `/endpoints/${created.id}/pause`, {
      key,
      body: { until: '2020-01-01T00:00:00Z' },
    });
    expect(pastPause.status).toBe(400);
  });

  it('sets a manual override with a TTL, which drives the next run, and clears it', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const created = (await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() })).body;
    const override = await rest(harness, 'PUT', `/endpoints/${created.id}/override`, {
      key,
      body: { intervalMs: 60_000, ttlMs: 3_600_000, reason: 'incident' },
    });
    expect(override.status).toBe(200);
    expect(override.body.hints.manual).toMatchObject({
      intervalMs: 60_000,
      reason: 'incident',
      expiresAt: '2026-12-01T11:00:00.000Z',
    });
    expect(override.body.nextRunSource).toBe('manual');
    const belowFloor = await rest(harness, 'PUT', `/endpoints/${created.id}/override`, {
      key,
      body: { intervalMs: 1_000, ttlMs: 3_600_000, reason: 'too fast' },
    });
    expect(belowFloor.status).toBe(422);
    expect(belowFloor.body.limit).toBe('minIntervalMs');
    const cleared = await rest(harness, 'DELETE', `/endpoints/${created.id}/override`, { key });
    expect(cleared.body.hints.manual).toBeNull();
    expect(cleared.body.nextRunSource).toBe('baseline-interval');
  });

  it('clears AI hints and resets the failure streak', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const created = (await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() })).body;
    await harness.services.db.endpoint.update({
      where: { id: created.id },
      data: {
        aiIntervalMs: 600_000,
        aiIntervalExpiresAt: new Date('2026-12-02T00:00:00Z'),
        aiIntervalReason: 'calm',
        failureStreak: 4,
      },
    });
    const cleared = await rest(harness, 'DELETE', `/endpoints/${created.id}/ai-hints`, { key });
    expect(cleared.body.hints.aiInterval).toBeNull();
    const reset = await rest(harness, 'POST', `/endpoints/${created.id}/reset-failures`, { key });
    expect(reset.body.failureStreak).toBe(0);
  });

  it('shows the hints the governor plans with: an AI interval without an expiry is no hint', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const created = (await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() })).body;
    await harness.services.db.endpoint.update({
      where: { id: created.id },
      data: { aiIntervalMs: 60_000, aiIntervalExpiresAt: null, aiIntervalReason: 'no expiry' },
    });
    const shown = await rest(harness, 'GET', `/endpoints/${created.id}`, { key });
    expect(shown.body.hints.aiInterval).toBeNull();
    // Re-planning shows the same thing: the baseline still rules.
    const replanned = await rest(harness, 'POST', `/endpoints/${created.id}/reset-failures`, { key });
    expect(replanned.body.nextRunSource).toBe('baseline-interval');
    expect(replanned.body.hints.aiInterval).toBeNull();

    await harness.services.db.endpoint.update({
      where: { id: created.id },
      data: { aiIntervalExpiresAt: new Date('2026-12-02T00:00:00Z') },
    });
    const withExpiry = await rest(harness, 'GET', `/endpoints/${created.id}`, { key });
    expect(withExpiry.body.hints.aiInterval).toEqual({
      intervalMs: 60_000,
      expiresAt: '2026-12-02T00:00:00.000Z',
      reason: 'no expiry',
    });
  });

  it('runs now: queues one extra occurrence, audits it, leaves the schedule alone and is rate limited', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const created = (await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() })).body;
    const before = await findEndpointById(harness.services.db, created.id);
    const run = await rest(harness, 'POST', `/endpoints/${created.id}/run`, { key });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ occurrenceId: expect.any(String), plannedAt: '2026-12-01T10:00:00.000Z' });
    const after = await findEndpointById(harness.services.db, created.id);
    expect(after?.nextRunAt).toEqual(before?.nextRunAt);
    expect(after?.scheduleVersion).toBe(before?.scheduleVersion);
    const audit = await harness.services.db.auditEntry.findMany({
      where: { targetType: 'endpoint', targetId: created.id },
    });
    expect(audit.map((entry) => entry.action)).toContain('endpoint.run-now');

    expect((await rest(harness, 'POST', `/endpoints/${created.id}/run`, { key })).status).toBe(200);
    const limited = await rest(harness, 'POST', `/endpoints/${created.id}/run`, { key });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('tests an endpoint synchronously and records the run with source test', async () => {
    const { key } = await makeAccount(harness, { tier: 'pro' });
    const jobId = await jobFor(key);
    target.handler = (_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"created":true}');
    };
    const created = (
      await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint({ url: target.url() }) })
    ).body;
    const tested = await rest(harness, 'POST', `/endpoints/${created.id}/test`, { key });
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({
      source: 'test',
      status: 'success',
      statusCode: 201,
      responseBody: '{"created":true}',
    });
    const runs = await rest(harness, 'GET', `/endpoints/${created.id}/runs?source=test`, { key });
    expect(runs.body.items.map((item: { id: string }) => item.id)).toContain(tested.body.id);
  });

  it('deletes an endpoint', async () => {
    const { key } = await makeAccount(harness);
    const jobId = await jobFor(key);
    const created = (await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key, body: intervalEndpoint() })).body;
    expect((await rest(harness, 'DELETE', `/endpoints/${created.id}`, { key })).body.deleted).toBe(true);
    expect((await rest(harness, 'GET', `/endpoints/${created.id}`, { key })).status).toBe(404);
  });
});
