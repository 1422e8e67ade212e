import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, intervalEndpoint, makeAccount, rest, startApiHarness } from './testing/api-harness';

let harness: ApiHarness;

beforeAll(async () => {
  harness = await startApiHarness();
});
afterAll(async () => {
  await harness.close();
});

/** Exactly what many HTTP clients send: a JSON content type and no body at all. */
function bodilessJson(method: string, path: string, key: string) {
  return fetch(`${harness.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
}

describe('a JSON content type with an empty body', () => {
  it('is accepted on DELETE and on bodiless POSTs', async () => {
    const { key } = await makeAccount(harness);
    const job = (await rest(harness, 'POST', '/jobs', { key, body: { name: 'Short-lived' } })).body;
    const endpoint = (await rest(harness, 'POST', `/jobs/${job.id}/endpoints`, { key, body: intervalEndpoint() })).body;

    const paused = await bodilessJson('POST', `/endpoints/${endpoint.id}/pause`, key);
    expect(paused.status).toBe(200);
    expect((await paused.json()).pause).not.toBeNull();

    const deleted = await bodilessJson('DELETE', `/endpoints/${endpoint.id}`, key);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ deleted: true });
    const jobDeleted = await bodilessJson('DELETE', `/jobs/${job.id}`, key);
    expect(jobDeleted.status).toBe(200);
  });

  it('still refuses a body that is not JSON, saying so', async () => {
    const { key } = await makeAccount(harness);
    const response = await fetch(`${harness.baseUrl}/api/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('the request could not be read');
  });
});
