import { makeRun } from '@cronwise/db/testing';
import { plannerDependencies, runQueuedAnalyses } from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  intervalEndpoint,
  makeAccount,
  rest,
  startApiHarness,
  type TestAccount,
} from './testing/api-harness';

const NOW = new Date('2026-12-01T10:00:00.000Z');
let harness: ApiHarness;
let account: TestAccount;
let reader: TestAccount;
let stranger: TestAccount;

beforeAll(async () => {
  harness = await startApiHarness({ start: NOW });
  account = await makeAccount(harness, { tier: 'pro' });
  reader = await makeAccount(harness, { tier: 'pro', scopes: ['read'] });
  stranger = await makeAccount(harness, { tier: 'pro' });
});
afterAll(async () => {
  await harness.close();
});

/** An endpoint with two failed runs, ready for the planner to propose something. */
async function failingEndpoint(owner: TestAccount, aiMode?: 'off' | 'suggest' | 'auto') {
  const job = (await rest(harness, 'POST', '/jobs', { key: owner.key, body: { name: 'Planned' } })).body;
  const endpoint = (
    await rest(harness, 'POST', `/jobs/${job.id}/endpoints`, {
      key: owner.key,
      body: intervalEndpoint({ schedule: { type: 'interval', intervalMs: 1_200_000 }, ...(aiMode ? { aiMode } : {}) }),
    })
  ).body;
  for (const minutes of [40, 20]) {
    await makeRun(
      harness.services.db,
      { id: endpoint.id, jobId: job.id, userId: owner.userId },
      {
        plannedAt: new Date(NOW.getTime() - minutes * 60_000),
        status: 'failure',
        statusCode: 503,
        responseBody: '{"status":"down"}',
      },
    );
  }
  await harness.services.db.endpoint.update({
    where: { id: endpoint.id },
    data: { lastRunAt: new Date(NOW.getTime() - 20 * 60_000), lastRunStatus: 'failure', failureStreak: 2 },
  });
  return endpoint as { id: string; aiMode: string; ai: Record<string, unknown> };
}

async function analyzeAndRun(endpointId: string) {
  const accepted = await rest(harness, 'POST', `/endpoints/${endpointId}/analyze`, { key: account.key });
  expect(accepted.status).toBe(202);
  await runQueuedAnalyses(plannerDependencies(harness.engine.deps));
  return accepted.body.sessionId as string;
}

describe('AI planner over REST', () => {
  it('creates endpoints in suggest mode with an ai block in the DTO', async () => {
    const endpoint = await failingEndpoint(account);
    expect(endpoint.aiMode).toBe('suggest');
    expect(endpoint.ai).toEqual({
      mode: 'suggest',
      status: null,
      statusMessage: null,
      lastSessionAt: null,
      nextAnalysisAt: null,
    });
  });

  it('analyzes on demand (202), then shows the session with its tool calls and its pending proposal', async () => {
    const endpoint = await failingEndpoint(account);
    const sessionId = await analyzeAndRun(endpoint.id);

    const session = await rest(harness, 'GET', `/ai-sessions/${sessionId}`, { key: account.key });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      id: sessionId,
      trigger: 'manual',
      provider: 'heuristic',
      outcome: 'submitted',
      startedAt: NOW.toISOString(),
    });
    expect(session.body.tokensIn).toBeGreaterThan(0);
    expect(session.body.toolCalls.map((call: { name: string }) => call.name)).toContain('submit_analysis');
    expect(session.body.toolCalls[0]).toEqual(
      expect.objectContaining({ input: expect.anything(), output: expect.anything(), durationMs: expect.any(Number) }),
    );

    const list = await rest(harness, 'GET', `/endpoints/${endpoint.id}/ai-sessions?limit=1`, { key: reader.key });
    expect(list.status).toBe(404);
    const own = await rest(harness, 'GET', `/endpoints/${endpoint.id}/ai-sessions?limit=1`, { key: account.key });
    expect(own.body.items.map((item: { id: string }) => item.id)).toEqual([sessionId]);

    const pending = await rest(harness, 'GET', `/endpoints/${endpoint.id}/proposals?status=pending`, {
      key: account.key,
    });
    expect(pending.body.items).toEqual([
      expect.objectContaining({
        kind: 'interval',
        status: 'pending',
        payload: expect.objectContaining({ intervalMs: 300_000 }),
      }),
    ]);

    const fetched = await rest(harness, 'GET', `/endpoints/${endpoint.id}`, { key: account.key });
    expect(fetched.body.ai).toMatchObject({ mode: 'suggest', status: 'ok', lastSessionAt: NOW.toISOString() });
    expect(fetched.body.ai.nextAnalysisAt).not.toBeNull();
  });

  it('approves a proposal (the endpoint runs on the AI cadence) and rejects another', async () => {
    const endpoint = await failingEndpoint(account);
    await analyzeAndRun(endpoint.id);
    const [proposal] = (await rest(harness, 'GET', `/endpoints/${endpoint.id}/proposals`, { key: account.key })).body
      .items;

    const approved = await rest(harness, 'POST', `/proposals/${proposal.id}/approve`, { key: account.key });
    expect(approved.status).toBe(200);
    expect(approved.body.proposal.status).toBe('approved');
    expect(approved.body.endpoint.hints.aiInterval).toMatchObject({ intervalMs: 300_000 });
    expect(approved.body.endpoint.nextRunSource).toBe('ai-interval');
    const again = await rest(harness, 'POST', `/proposals/${proposal.id}/approve`, { key: account.key });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('not pending');

    const other = await failingEndpoint(account);
    await analyzeAndRun(other.id);
    const [second] = (await rest(harness, 'GET', `/endpoints/${other.id}/proposals`, { key: account.key })).body.items;
    const rejected = await rest(harness, 'POST', `/proposals/${second.id}/reject`, { key: account.key });
    expect(rejected.body.proposal.status).toBe('rejected');
    expect(
      (await rest(harness, 'GET', `/endpoints/${other.id}`, { key: account.key })).body.hints.aiInterval,
    ).toBeNull();
  });

  it('answers 409 when aiMode is off, and accepts aiMode in PATCH', async () => {
    const endpoint = await failingEndpoint(account, 'off');
    const refused = await rest(harness, 'POST', `/endpoints/${endpoint.id}/analyze`, { key: account.key });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('aiMode');

    const patched = await rest(harness, 'PATCH', `/endpoints/${endpoint.id}`, {
      key: account.key,
      body: { aiMode: 'auto' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.ai.mode).toBe('auto');
    expect((await rest(harness, 'POST', `/endpoints/${endpoint.id}/analyze`, { key: account.key })).status).toBe(202);
  });

  it("gives 404 for another user's endpoint, session and proposal, and 403 to a read-only key", async () => {
    const endpoint = await failingEndpoint(account);
    const sessionId = await analyzeAndRun(endpoint.id);
    const [proposal] = (await rest(harness, 'GET', `/endpoints/${endpoint.id}/proposals`, { key: account.key })).body
      .items;

    expect((await rest(harness, 'POST', `/endpoints/${endpoint.id}/analyze`, { key: stranger.key })).status).toBe(404);
    expect((await rest(harness, 'GET', `/ai-sessions/${sessionId}`, { key: stranger.key })).status).toBe(404);
    expect((await rest(harness, 'GET', `/endpoints/${endpoint.id}/proposals`, { key: stranger.key })).status).toBe(404);
    expect((await rest(harness, 'POST', `/proposals/${proposal.id}/approve`, { key: stranger.key })).status).toBe(404);
    expect((await rest(harness, 'POST', `/proposals/${proposal.id}/reject`, { key: reader.key })).status).toBe(403);
  });

  it('rate-limits analyze now', async () => {
    const endpoint = await failingEndpoint(stranger);
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      statuses.push((await rest(harness, 'POST', `/endpoints/${endpoint.id}/analyze`, { key: stranger.key })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });
});
