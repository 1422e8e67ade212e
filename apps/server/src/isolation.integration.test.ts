import { findEndpointById, findJobForUser } from '@cronwise/db';
import { makeRun } from '@cronwise/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  callerFor,
  intervalEndpoint,
  makeAccount,
  rest,
  startApiHarness,
  type TestAccount,
} from './testing/api-harness';

let harness: ApiHarness;
let owner: TestAccount;
let intruder: TestAccount;
let jobId: string;
let endpointId: string;
let runId: string;
let apiKeyId: string;

beforeAll(async () => {
  harness = await startApiHarness();
  owner = await makeAccount(harness);
  intruder = await makeAccount(harness);
  jobId = (await rest(harness, 'POST', '/jobs', { key: owner.key, body: { name: 'Owned' } })).body.id;
  const endpoint = (
    await rest(harness, 'POST', `/jobs/${jobId}/endpoints`, { key: owner.key, body: intervalEndpoint() })
  ).body;
  endpointId = endpoint.id;
  runId = (await makeRun(harness.services.db, { id: endpointId, jobId, userId: owner.userId })).id;
  apiKeyId = (await rest(harness, 'POST', '/api-keys', { key: owner.key, body: { name: 'owned', scopes: ['read'] } }))
    .body.id;
});
afterAll(async () => {
  await harness.close();
});

const ids = () => ({ jobId, endpointId, runId, apiKeyId });
/** Every REST operation that takes an id, with a body where it needs one. */
const MATRIX: Array<{ method: string; path: (id: ReturnType<typeof ids>) => string; body?: unknown }> = [
  { method: 'GET', path: (id) => `/jobs/${id.jobId}` },
  { method: 'PATCH', path: (id) => `/jobs/${id.jobId}`, body: { name: 'stolen' } },
  { method: 'POST', path: (id) => `/jobs/${id.jobId}/pause` },
  { method: 'POST', path: (id) => `/jobs/${id.jobId}/resume` },
  { method: 'POST', path: (id) => `/jobs/${id.jobId}/archive` },
  { method: 'GET', path: (id) => `/jobs/${id.jobId}/health` },
  { method: 'GET', path: (id) => `/jobs/${id.jobId}/endpoints` },
  { method: 'POST', path: (id) => `/jobs/${id.jobId}/endpoints`, body: intervalEndpoint() },
  { method: 'GET', path: (id) => `/endpoints/${id.endpointId}` },
  { method: 'PATCH', path: (id) => `/endpoints/${id.endpointId}`, body: { name: 'stolen' } },
  { method: 'POST', path: (id) => `/endpoints/${id.endpointId}/pause` },
  { method: 'POST', path: (id) => `/endpoints/${id.endpointId}/resume` },
  { method: 'POST', path: (id) => `/endpoints/${id.endpointId}/run` },
  { method: 'POST', path: (id) => `/endpoints/${id.endpointId}/test` },
  { method: 'POST', path: (id) => `/endpoints/${id.endpointId}/reset-failures` },
  {
    method: 'PUT',
    path: (id) => `/endpoints/${id.endpointId}/override`,
    body: { intervalMs: 120_000, ttlMs: 60_000, reason: 'x' },
  },
  { method: 'DELETE', path: (id) => `/endpoints/${id.endpointId}/override` },
  { method: 'DELETE', path: (id) => `/endpoints/${id.endpointId}/ai-hints` },
  { method: 'GET', path: (id) => `/endpoints/${id.endpointId}/runs` },
  { method: 'GET', path: (id) => `/endpoints/${id.endpointId}/health` },
  { method: 'GET', path: (id) => `/runs/${id.runId}` },
  { method: 'DELETE', path: (id) => `/api-keys/${id.apiKeyId}` },
  { method: 'DELETE', path: (id) => `/endpoints/${id.endpointId}` },
  { method: 'DELETE', path: (id) => `/jobs/${id.jobId}` },
];

describe('tenant isolation', () => {
  it.each(
    MATRIX.map(
      (entry) =>
        [
          `${entry.method} ${entry.path({ jobId: ':job', endpointId: ':endpoint', runId: ':run', apiKeyId: ':key' })}`,
          entry,
        ] as const,
    ),
  )("%s with another user's id answers 404", async (_name, entry) => {
    const response = await rest(harness, entry.method, entry.path(ids()), { key: intruder.key, body: entry.body });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });

  it('changed nothing of the owner’s data', async () => {
    const job = await findJobForUser(harness.services.db, owner.userId, jobId);
    expect(job).toMatchObject({ name: 'Owned', status: 'active' });
    const endpoint = await findEndpointById(harness.services.db, endpointId);
    expect(endpoint).toMatchObject({ name: 'Sync orders', pausedAt: null, manualIntervalMs: null });
    const runs = await rest(harness, 'GET', `/endpoints/${endpointId}/runs`, { key: owner.key });
    expect(runs.body.items.map((item: { id: string }) => item.id)).toEqual([runId]);
    expect((await rest(harness, 'GET', '/me', { key: owner.key })).status).toBe(200);
    const keys = await rest(harness, 'GET', '/api-keys', { key: owner.key });
    expect(keys.body.items.map((item: { id: string }) => item.id)).toContain(apiKeyId);
    const intruderJobs = await rest(harness, 'GET', '/jobs', { key: intruder.key });
    expect(intruderJobs.body.total).toBe(0);
  });

  it('is the same through tRPC: another user’s id is NOT_FOUND', async () => {
    const { caller } = await callerFor(harness, { bearerToken: intruder.key });
    await expect(caller.jobs.get({ id: jobId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.endpoints.update({ id: endpointId, name: 'stolen' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(caller.runs.get({ id: runId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
