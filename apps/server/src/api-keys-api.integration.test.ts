import { DAY_MS } from '@cronwise/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, intervalEndpoint, makeAccount, rest, startApiHarness } from './testing/api-harness';

let harness: ApiHarness;
const START = new Date('2026-12-01T10:00:00.000Z');
beforeAll(async () => {
  harness = await startApiHarness({ start: START });
});
afterAll(async () => {
  await harness.close();
});

describe('API keys', () => {
  it('shows a new key once, lists it by prefix without the key, and revokes it', async () => {
    const { key: adminKey } = await makeAccount(harness);
    const created = await rest(harness, 'POST', '/api-keys', { key: adminKey, body: { name: 'CI', scopes: ['read'] } });
    expect(created.status).toBe(200);
    expect(created.body.key).toMatch(/^cw_[a-z2-7]{32}$/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);
    expect(created.body).toMatchObject({ name: 'CI', scopes: ['read'], lastUsedAt: null, expiresAt: null });

    const listed = await rest(harness, 'GET', '/api-keys', { key: adminKey });
    const entry = listed.body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(entry).toMatchObject({ name: 'CI', prefix: created.body.prefix });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    expect((await rest(harness, 'GET', '/jobs', { key: created.body.key })).status).toBe(200);
    const afterUse = await rest(harness, 'GET', '/api-keys', { key: adminKey });
    expect(afterUse.body.items.find((item: { id: string }) => item.id === created.body.id).lastUsedAt).toBe(
      START.toISOString(),
    );

    expect((await rest(harness, 'DELETE', `/api-keys/${created.body.id}`, { key: adminKey })).body.deleted).toBe(true);
    const revoked = await rest(harness, 'GET', '/jobs', { key: created.body.key });
    expect(revoked.status).toBe(401);
    expect(
      (await rest(harness, 'GET', '/api-keys', { key: adminKey })).body.items.map((item: { id: string }) => item.id),
    ).not.toContain(created.body.id);
    const audit = await harness.services.db.auditEntry.findMany({
      where: { targetType: 'api-key', targetId: created.body.id },
    });
    expect(audit.map((entry) => entry.action).sort()).toEqual(['api-key.created', 'api-key.revoked']);
  });

  it('stops accepting a key after its expiry', async () => {
    const { key: adminKey } = await makeAccount(harness);
    const created = await rest(harness, 'POST', '/api-keys', {
      key: adminKey,
      body: { name: 'short', scopes: ['read'], expiresInDays: 1 },
    });
    expect(created.body.expiresAt).toBe(new Date(START.getTime() + DAY_MS).toISOString());
    expect((await rest(harness, 'GET', '/me', { key: created.body.key })).status).toBe(200);
    harness.clock.set(new Date(START.getTime() + DAY_MS + 1));
    expect((await rest(harness, 'GET', '/me', { key: created.body.key })).status).toBe(401);
    harness.clock.set(START);
  });

  it('enforces scopes on every kind of procedure: read cannot write, write cannot manage keys', async () => {
    const { key: adminKey, userId } = await makeAccount(harness);
    const readKey = (await rest(harness, 'POST', '/api-keys', { key: adminKey, body: { name: 'r', scopes: ['read'] } }))
      .body.key;
    const writeKey = (
      await rest(harness, 'POST', '/api-keys', { key: adminKey, body: { name: 'w', scopes: ['write'] } })
    ).body.key;

    const job = (await rest(harness, 'POST', '/jobs', { key: writeKey, body: { name: 'written' } })).body;
    expect(job.name).toBe('written');
    const endpoint = (
      await rest(harness, 'POST', `/jobs/${job.id}/endpoints`, { key: writeKey, body: intervalEndpoint() })
    ).body;
    expect(endpoint.id).toEqual(expect.any(String));

    const readAttempts: Array<[string, string, unknown?]> = [
      ['POST', '/jobs', { name: 'nope' }],
      ['PATCH', `/jobs/${job.id}`, { name: 'nope' }],
      ['POST', `/jobs/${job.id}/pause`],
      ['DELETE', `/jobs/${job.id}`],
      ['POST', `/jobs/${job.id}/endpoints`, intervalEndpoint()],
      ['PATCH', `/endpoints/${endpoint.id}`, { name: 'nope' }],
      ['POST', `/endpoints/${endpoint.id}/run`],
      ['PUT', `/endpoints/${endpoint.id}/override`, { intervalMs: 120_000, ttlMs: 60_000, reason: 'x' }],
      ['DELETE', `/endpoints/${endpoint.id}`],
      ['GET', '/api-keys'],
    ];
    for (const [method, path, body] of readAttempts) {
      const response = await rest(harness, method, path, { key: readKey, body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.message).toMatch(/lacks the '(write|admin)' scope/);
    }
    for (const [method, path] of [
      ['GET', '/jobs'],
      ['GET', `/endpoints/${endpoint.id}`],
      ['GET', `/endpoints/${endpoint.id}/runs`],
      ['GET', '/overview'],
      ['GET', '/usage'],
    ]) {
      expect((await rest(harness, method ?? 'GET', path ?? '/', { key: readKey })).status, path).toBe(200);
    }
    // write implies read, but not admin
    expect((await rest(harness, 'GET', '/jobs', { key: writeKey })).status).toBe(200);
    expect(
      (await rest(harness, 'POST', '/api-keys', { key: writeKey, body: { name: 'x', scopes: ['admin'] } })).status,
    ).toBe(403);
    const me = await rest(harness, 'GET', '/me', { key: readKey });
    expect(me.body).toMatchObject({ id: userId, authenticatedWith: 'api-key', scopes: ['read'] });
    expect((await rest(harness, 'GET', `/jobs/${job.id}`, { key: readKey })).body.name).toBe('written');
  });

  it('validates key input', async () => {
    const { key } = await makeAccount(harness);
    const response = await rest(harness, 'POST', '/api-keys', { key, body: { name: 'x', scopes: ['superuser'] } });
    expect(response.status).toBe(400);
    expect(response.body.issues[0].path).toEqual(['scopes', 0]);
  });
});
