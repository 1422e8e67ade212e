import { withTransaction } from '@cronwise/db';
import { makeEndpoint, makeJob } from '@cronwise/db/testing';
import { QUEUE } from '@cronwise/jobs';
import { rescheduleEndpoint } from '@cronwise/services';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, makeAccount, startApiHarness, TEST_ORIGIN } from './testing/api-harness';

let harness: ApiHarness;
beforeAll(async () => {
  harness = await startApiHarness();
});
afterAll(async () => {
  await harness.close();
});

/** A tRPC call as the web app makes it: session cookie, same origin, superjson. */
async function trpc(path: string, sessionToken: string, input: unknown, type: 'query' | 'mutation' = 'query') {
  const headers = { cookie: `cronwise_session=${sessionToken}`, origin: TEST_ORIGIN };
  const encoded = JSON.stringify(superjson.serialize(input));
  const response =
    type === 'query'
      ? await fetch(`${harness.baseUrl}/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(`${harness.baseUrl}/trpc/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: encoded,
        });
  const body = (await response.json()) as { result?: { data: { json: unknown; meta?: never } }; error?: unknown };
  // biome-ignore lint/suspicious/noExplicitAny: tests read the payload field by field
  const data: any = body.result ? superjson.deserialize(body.result.data as never) : undefined;
  return { status: response.status, data, error: body.error };
}

async function makeAdmin() {
  const account = await makeAccount(harness);
  await harness.services.db.user.update({ where: { id: account.userId }, data: { role: 'admin' } });
  return account;
}

describe('admin API', () => {
  it('refuses every operator procedure to a person without the admin role, with 403', async () => {
    const person = await makeAccount(harness);
    const calls = await Promise.all([
      trpc('admin.queueStats', person.sessionToken, {}),
      trpc('admin.users', person.sessionToken, {}),
      trpc('admin.explainEndpoint', person.sessionToken, { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }),
      trpc('admin.redrive', person.sessionToken, { queue: QUEUE.executeOccurrence }, 'mutation'),
    ]);
    for (const call of calls) {
      expect(call.status).toBe(403);
      expect(JSON.stringify(call.error)).toContain('operator tools need an account with the admin role');
    }
  });

  it('refuses an admin-scoped API key whose owner is not an admin, and an anonymous caller', async () => {
    const person = await makeAccount(harness, { scopes: ['admin'] });
    const withKey = await fetch(`${harness.baseUrl}/trpc/admin.queueStats?input=${encodeURIComponent('{"json":{}}')}`, {
      headers: { authorization: `Bearer ${person.key}` },
    });
    expect(withKey.status).toBe(403);
    const anonymous = await fetch(
      `${harness.baseUrl}/trpc/admin.queueStats?input=${encodeURIComponent('{"json":{}}')}`,
    );
    expect(anonymous.status).toBe(401);
  });

  it('gives an admin the queues, the users with their plans, redrive and an endpoint explanation', async () => {
    const admin = await makeAdmin();
    const owner = await makeAccount(harness, { tier: 'pro' });
    const job = await makeJob(harness.services.db, owner.userId);
    const endpoint = await makeEndpoint(harness.services.db, job, { intervalMs: 300_000 });
    await withTransaction(harness.services.db, (tx) => rescheduleEndpoint(harness.services, tx, endpoint.id));
    const endpointId = endpoint.id;

    const stats = await trpc('admin.queueStats', admin.sessionToken, {});
    expect(stats.status).toBe(200);
    expect(stats.data.queues.map((queue: { queue: string }) => queue.queue)).toContain(QUEUE.executeOccurrence);

    const users = await trpc('admin.users', admin.sessionToken, { limit: 200 });
    expect(users.data.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: admin.userId, role: 'admin' }),
        expect.objectContaining({ id: owner.userId, role: 'user', tier: 'pro' }),
      ]),
    );
    expect(users.data.items[0].createdAt).toBeInstanceOf(Date);

    const redriven = await trpc('admin.redrive', admin.sessionToken, { queue: QUEUE.reviewBilling }, 'mutation');
    expect(redriven.data).toEqual({ queue: QUEUE.reviewBilling, found: 0, redriven: 0 });
    const wrongQueue = await trpc('admin.redrive', admin.sessionToken, { queue: 'nope' }, 'mutation');
    expect(wrongQueue.status).toBe(400);
    expect(JSON.stringify(wrongQueue.error)).toContain('there is no queue \\"nope\\"');

    const explained = await trpc('admin.explainEndpoint', admin.sessionToken, { id: endpointId });
    expect(explained.status).toBe(200);
    expect(explained.data).toMatchObject({
      endpoint: { id: endpointId, ownerId: owner.userId, tier: 'pro' },
      schedule: { type: 'interval', intervalMs: 300_000 },
      planned: { source: 'baseline-interval' },
    });
    expect(explained.data.planned.at).toBeInstanceOf(Date);
    const malformed = await trpc('admin.explainEndpoint', admin.sessionToken, { id: 'ep_1' });
    expect(malformed.status).toBe(400);
    const unknown = await trpc('admin.explainEndpoint', admin.sessionToken, {
      id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(unknown.status).toBe(404);
  });
});
