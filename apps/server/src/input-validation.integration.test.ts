import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  intervalEndpoint,
  makeAccount,
  rest,
  startApiHarness,
  TEST_ORIGIN,
} from './testing/api-harness';

let harness: ApiHarness;
beforeAll(async () => {
  harness = await startApiHarness();
});
afterAll(async () => {
  await harness.close();
});

async function trpcMutation(path: string, input: unknown, sessionToken: string) {
  const response = await fetch(`${harness.baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TEST_ORIGIN, cookie: `cronwise_session=${sessionToken}` },
    body: JSON.stringify({ json: input }),
  });
  return { status: response.status, body: await response.json() };
}

async function endpointFor(key: string): Promise<string> {
  const job = await rest(harness, 'POST', '/jobs', { key, body: { name: 'Validation' } });
  const endpoint = await rest(harness, 'POST', `/jobs/${job.body.id}/endpoints`, { key, body: intervalEndpoint() });
  expect(endpoint.status).toBe(200);
  return endpoint.body.id;
}

describe('unknown input fields', () => {
  it('are refused over REST with a 400 that names them, and the endpoint keeps its value', async () => {
    const { key } = await makeAccount(harness);
    const id = await endpointFor(key);
    const response = await rest(harness, 'PATCH', `/endpoints/${id}`, { key, body: { nmae: 'Renamed' } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.message).toContain('unknown field "nmae"');
    expect((await rest(harness, 'GET', `/endpoints/${id}`, { key })).body.name).toBe('Sync orders');
  });

  it('are refused inside nested objects (a header with a misspelt isSecret)', async () => {
    const { key } = await makeAccount(harness);
    const id = await endpointFor(key);
    const response = await rest(harness, 'PATCH', `/endpoints/${id}`, {
      key,
      body: { headers: [{ name: 'X-Api', value: 'v', isSecrett: true }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.issues).toEqual([
      expect.objectContaining({ path: ['headers', 0], message: expect.stringContaining('"isSecrett"') }),
    ]);
  });

  it('are refused over tRPC too', async () => {
    const { key, sessionToken } = await makeAccount(harness);
    const id = await endpointFor(key);
    const response = await trpcMutation('endpoints.update', { id, notifications: { email: true } }, sessionToken);
    expect(response.status).toBe(400);
    // (`alerts` was the example here until endpoints gained a real alert policy under that name.)
    expect(response.body.error.json.message).toContain('unknown field "notifications"');
  });
});

describe('NUL characters in text input', () => {
  it.each([
    ['name', { name: 'bad\u0000name' }],
    ['description', { name: 'ok', description: 'line\u0000two' }],
  ])('in a job %s are refused with a 400 naming the field', async (field, body) => {
    const { key } = await makeAccount(harness);
    const response = await rest(harness, 'POST', '/jobs', { key, body });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.message).toContain(`${field} contains a NUL character`);
    expect(response.body.issues[0].path).toEqual([field]);
  });

  it.each([
    ['headers.0.value', { headers: [{ name: 'X-Token', value: 'a\u0000b' }] }],
    ['headers.0.name', { headers: [{ name: 'X\u0000', value: 'b' }] }],
    ['body', { method: 'POST', body: '{"a":"\u0000"}' }],
    ['url', { url: 'https://api.example.com/\u0000' }],
  ])('in an endpoint %s are refused with a 400 naming the field', async (field, changes) => {
    const { key } = await makeAccount(harness);
    const id = await endpointFor(key);
    const response = await rest(harness, 'PATCH', `/endpoints/${id}`, { key, body: changes });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(`${field} contains a NUL character`);
  });

  it('in a pause reason and an override reason are refused', async () => {
    const { key } = await makeAccount(harness);
    const id = await endpointFor(key);
    const pause = await rest(harness, 'POST', `/endpoints/${id}/pause`, { key, body: { reason: 'deploy\u0000' } });
    expect(pause.status).toBe(400);
    expect(pause.body.message).toContain('reason contains a NUL character');
    const override = await rest(harness, 'PUT', `/endpoints/${id}/override`, {
      key,
      body: { intervalMs: 600_000, ttlMs: 3_600_000, reason: '\u0000' },
    });
    expect(override.status).toBe(400);
    expect(override.body.message).toContain('reason contains a NUL character');
  });

  it('are refused over tRPC, including in object keys', async () => {
    const { sessionToken } = await makeAccount(harness);
    const response = await trpcMutation('jobs.create', { name: 'fine', 'x\u0000': 1 }, sessionToken);
    expect(response.status).toBe(400);
    expect(response.body.error.json.message).toContain('contains a NUL character');
  });

  it('with unpaired surrogates, which PostgreSQL cannot store either, are refused with a 400', async () => {
    const { key } = await makeAccount(harness);
    const response = await rest(harness, 'POST', '/jobs', { key, body: { name: 'half \ud800 a pair' } });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('name contains an unpaired UTF-16 surrogate');
  });
});

describe('deeply nested bodies', () => {
  it('are refused with a 400 over REST and tRPC instead of overflowing the stack', async () => {
    const { key, sessionToken } = await makeAccount(harness);
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const overRest = await fetch(`${harness.baseUrl}/api/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: deep,
    });
    expect(overRest.status).toBe(400);
    expect((await overRest.json()).message).toContain('is nested more than 32 levels deep');
    const overTrpc = await fetch(`${harness.baseUrl}/trpc/jobs.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TEST_ORIGIN, cookie: `cronwise_session=${sessionToken}` },
      body: `{"json":${deep}}`,
    });
    expect(overTrpc.status).toBe(400);
  });
});
