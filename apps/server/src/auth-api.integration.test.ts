import { DAY_MS } from '@cronwise/domain';
import { VERIFY_EMAIL_PATH } from '@cronwise/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  callerFor,
  latestMailTo,
  linkTokenIn,
  makeAccount,
  rest,
  startApiHarness,
  TEST_ORIGIN,
} from './testing/api-harness';

let harness: ApiHarness;
const START = new Date('2026-12-01T10:00:00.000Z');
beforeAll(async () => {
  harness = await startApiHarness({ start: START });
});
afterAll(async () => {
  await harness.close();
});

function sessionCookieFrom(response: Response): string {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith('cronwise_session='));
  if (!header) throw new Error('no session cookie was set');
  return header;
}

/** What the confirmation page of the web app sends when the person submits their password. */
async function confirmLink(token: string, password: string): Promise<Response> {
  return trpcMutation('auth.verifyEmail', { token, password });
}

async function trpcMutation(path: string, input: unknown, headers: Record<string, string> = {}) {
  return fetch(`${harness.baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TEST_ORIGIN, ...headers },
    body: JSON.stringify({ json: input }),
  });
}

describe('email and password accounts over tRPC HTTP', () => {
  it('signs up without a session, then the e-mailed link confirms the address and sets an HttpOnly, SameSite=Lax cookie', async () => {
    const response = await trpcMutation('auth.signUp', {
      email: 'Ada@Example.test',
      password: 'correct horse battery',
      name: 'Ada',
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
    const mail = await latestMailTo(harness, 'ada@example.test');
    expect(mail.subject).toContain('Confirm your e-mail address');
    const token = linkTokenIn(mail.text, VERIFY_EMAIL_PATH);

    const confirmed = await confirmLink(token, 'correct horse battery');
    expect(confirmed.status).toBe(200);
    const cookie = sessionCookieFrom(confirmed);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);

    const me = await rest(harness, 'GET', '/me', { cookie: cookie.split(';')[0] ?? '' });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      email: 'ada@example.test',
      name: 'Ada',
      tier: 'free',
      emailVerified: true,
      authenticatedWith: 'session',
    });
  });

  it('answers a sign-up for a taken address exactly like a new one, and mails the owner instead', async () => {
    const { caller } = await callerFor(harness, {});
    const first = await caller.auth.signUp({ email: 'dup@example.test', password: 'long enough password' });
    const second = await caller.auth.signUp({ email: 'DUP@example.test', password: 'other long password' });
    expect(second).toEqual(first);
    expect(second).toEqual({ email: 'dup@example.test', verificationSent: true });
    expect((await latestMailTo(harness, 'dup@example.test')).subject).toContain('Sign-up attempt');
    await expect(caller.auth.signUp({ email: 'short@example.test', password: 'short' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('at least 10 characters'),
    });
  });

  it('logs in with the right password only, and logs out by deleting the session', async () => {
    const { caller } = await callerFor(harness, {});
    await caller.auth.signUp({ email: 'login@example.test', password: 'a very good password' });
    await expect(caller.auth.logIn({ email: 'login@example.test', password: 'wrong password!' })).rejects.toMatchObject(
      {
        code: 'UNAUTHORIZED',
      },
    );
    const login = await trpcMutation('auth.logIn', { email: 'LOGIN@example.test', password: 'a very good password' });
    expect(login.status).toBe(200);
    const token = (sessionCookieFrom(login).split(';')[0] ?? '').split('=')[1] ?? '';

    const { caller: signedIn, cookies } = await callerFor(harness, { sessionToken: token });
    expect((await signedIn.account.me({})).email).toBe('login@example.test');
    await signedIn.auth.logOut();
    expect(cookies.at(-1)).toEqual({ token: null });
    const { caller: afterLogout } = await callerFor(harness, { sessionToken: token });
    await expect(afterLogout.account.me({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('slides the session expiry in its second half and rejects it once expired', async () => {
    const account = await makeAccount(harness);
    harness.clock.set(new Date(START.getTime() + 10 * DAY_MS));
    const early = await callerFor(harness, { sessionToken: account.sessionToken });
    expect(early.cookies).toEqual([]);
    await early.caller.account.me({});

    harness.clock.set(new Date(START.getTime() + 20 * DAY_MS));
    const renewed = await callerFor(harness, { sessionToken: account.sessionToken });
    expect(renewed.cookies).toHaveLength(1);
    expect(renewed.cookies[0]?.expiresAt?.toISOString()).toBe(new Date(START.getTime() + 50 * DAY_MS).toISOString());

    harness.clock.set(new Date(START.getTime() + 51 * DAY_MS));
    const expired = await callerFor(harness, { sessionToken: account.sessionToken });
    expect(expired.cookies).toEqual([{ token: null }]);
    await expect(expired.caller.account.me({})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('expired'),
    });
    harness.clock.set(START);
  });

  it('changing the password signs out every other session and issues a new one', async () => {
    const { caller, cookies } = await callerFor(harness, {});
    await caller.auth.signUp({ email: 'change@example.test', password: 'first password here' });
    await caller.auth.logIn({ email: 'change@example.test', password: 'first password here' });
    const firstToken = cookies[0]?.token ?? '';
    const other = await callerFor(harness, {});
    await other.caller.auth.logIn({ email: 'change@example.test', password: 'first password here' });
    const otherToken = other.cookies[0]?.token ?? '';

    const session = await callerFor(harness, { sessionToken: firstToken });
    await expect(
      session.caller.auth.changePassword({ currentPassword: 'nope nope nope', newPassword: 'second password here' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await session.caller.auth.changePassword({
      currentPassword: 'first password here',
      newPassword: 'second password here',
    });
    const newToken = session.cookies.at(-1)?.token ?? '';
    expect(newToken).not.toBe(firstToken);

    for (const stale of [firstToken, otherToken]) {
      await expect((await callerFor(harness, { sessionToken: stale })).caller.account.me({})).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    }
    expect((await (await callerFor(harness, { sessionToken: newToken })).caller.account.me({})).email).toBe(
      'change@example.test',
    );
    await expect(
      caller.auth.logIn({ email: 'change@example.test', password: 'first password here' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses cookie-authenticated mutations from a foreign or missing Origin, but not reads', async () => {
    const account = await makeAccount(harness);
    const foreign = await rest(harness, 'POST', '/jobs', {
      cookie: `cronwise_session=${account.sessionToken}`,
      origin: 'https://evil.example',
      body: { name: 'x' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN');
    const missing = await rest(harness, 'POST', '/jobs', {
      cookie: `cronwise_session=${account.sessionToken}`,
      body: { name: 'x' },
    });
    expect(missing.status).toBe(403);
    const same = await rest(harness, 'POST', '/jobs', {
      cookie: `cronwise_session=${account.sessionToken}`,
      origin: TEST_ORIGIN,
      body: { name: 'x' },
    });
    expect(same.status).toBe(200);
    const read = await rest(harness, 'GET', '/jobs', { cookie: `cronwise_session=${account.sessionToken}` });
    expect(read.status).toBe(200);
    // An API key is not a cookie: no Origin needed.
    expect((await rest(harness, 'POST', '/jobs', { key: account.key, body: { name: 'y' } })).status).toBe(200);
  });

  it('gives the same user for a session cookie and an API key', async () => {
    const account = await makeAccount(harness, { tier: 'pro' });
    const viaKey = await rest(harness, 'GET', '/me', { key: account.key });
    const viaCookie = await rest(harness, 'GET', '/me', { cookie: `cronwise_session=${account.sessionToken}` });
    const { authenticatedWith: _a, scopes: _s, ...keyUser } = viaKey.body;
    const { authenticatedWith: _b, scopes: _t, ...cookieUser } = viaCookie.body;
    expect(keyUser).toEqual(cookieUser);
    expect(keyUser).toMatchObject({ id: account.userId, email: account.email, tier: 'pro', role: 'user' });
  });

  it('answers 401 without a credential and with an unknown key', async () => {
    const none = await rest(harness, 'GET', '/jobs');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const unknown = await rest(harness, 'GET', '/jobs', { key: 'cw_doesnotexist' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toContain('API key');
  });

  it('follows the README: sign up, confirm by the e-mailed link, create a key with the cookie, then a job and an endpoint with the key', async () => {
    const signUp = await trpcMutation('auth.signUp', { email: 'readme@example.test', password: 'a long passphrase' });
    expect(signUp.status).toBe(200);
    const token = linkTokenIn((await latestMailTo(harness, 'readme@example.test')).text, VERIFY_EMAIL_PATH);
    const cookie = sessionCookieFrom(await confirmLink(token, 'a long passphrase')).split(';')[0] ?? '';
    const created = await rest(harness, 'POST', '/api-keys', {
      cookie,
      origin: TEST_ORIGIN,
      body: { name: 'cli', scopes: ['read', 'write'] },
    });
    expect(created.status).toBe(200);
    const job = await rest(harness, 'POST', '/jobs', { key: created.body.key, body: { name: 'Reports' } });
    const endpoint = await rest(harness, 'POST', `/jobs/${job.body.id}/endpoints`, {
      key: created.body.key,
      body: {
        name: 'Daily report',
        url: 'https://api.example.com/report',
        method: 'POST',
        headers: [{ name: 'Authorization', value: 'Bearer target-secret' }],
        schedule: { type: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
      },
    });
    expect(endpoint.status).toBe(200);
    expect(endpoint.body).toMatchObject({ nextRunAt: '2026-12-02T08:00:00.000Z', nextRunSource: 'baseline-cron' });
    expect(endpoint.body.headers[0].value).toBe('********');
  });
});
