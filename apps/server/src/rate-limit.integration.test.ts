import { makeUser } from '@cronwise/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, callerFor, makeAccount, rest, startApiHarness } from './testing/api-harness';

let first: ApiHarness;
let second: ApiHarness;
beforeAll(async () => {
  const rateLimits = { perUser: { limit: 5, windowMs: 60_000 }, perApiKey: { limit: 3, windowMs: 60_000 } };
  // Two server instances on one database, as two processes behind a load balancer would be.
  first = await startApiHarness({ rateLimits });
  second = await startApiHarness({ rateLimits });
});
afterAll(async () => {
  await second.close();
  await first.close();
});

describe('rate limits', () => {
  it('counts one API key across server instances, with RateLimit headers and Retry-After on 429', async () => {
    const { key } = await makeAccount(first);
    const one = await rest(first, 'GET', '/jobs', { key });
    expect(one.status).toBe(200);
    expect(one.headers.get('ratelimit-limit')).toBe('3');
    expect(one.headers.get('ratelimit-remaining')).toBe('2');
    expect(Number(one.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect((await rest(second, 'GET', '/jobs', { key })).headers.get('ratelimit-remaining')).toBe('1');
    expect((await rest(first, 'GET', '/jobs', { key })).headers.get('ratelimit-remaining')).toBe('0');

    const limited = await rest(second, 'GET', '/jobs', { key });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', httpStatus: 429 });
    expect(limited.body.retryAfterMs).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('counts every credential of one user against the per-user limit', async () => {
    const account = await makeAccount(first);
    const cookie = `cronwise_session=${account.sessionToken}`;
    for (let index = 0; index < 5; index += 1) {
      expect((await rest(index % 2 ? first : second, 'GET', '/overview', { cookie })).status).toBe(200);
    }
    expect((await rest(first, 'GET', '/overview', { cookie })).status).toBe(429);
    // Another user is unaffected.
    const other = await makeAccount(first);
    expect((await rest(first, 'GET', '/overview', { key: other.key })).status).toBe(200);
  });

  it('starts a fresh window when the window is over', async () => {
    const { key } = await makeAccount(first);
    for (let index = 0; index < 3; index += 1) await rest(first, 'GET', '/me', { key });
    expect((await rest(first, 'GET', '/me', { key })).status).toBe(429);
    first.clock.advance(60_000);
    second.clock.advance(60_000);
    expect((await rest(second, 'GET', '/me', { key })).status).toBe(200);
  });

  it('limits password attempts per e-mail address', async () => {
    const user = await makeUser(first.services.db);
    const { caller } = await callerFor(first, {});
    const attempts = first.services.rateLimits.login.limit;
    for (let index = 0; index < attempts; index += 1) {
      await expect(caller.auth.logIn({ email: user.email, password: 'wrong password' })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    }
    await expect(caller.auth.logIn({ email: user.email, password: 'wrong password' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });
});
