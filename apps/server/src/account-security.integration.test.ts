import { findUserByEmail } from '@cronwise/db';
import { HOUR_MS } from '@cronwise/domain';
import { hashToken, RESET_PASSWORD_PATH, VERIFY_EMAIL_PATH, WRONG_CREDENTIALS } from '@cronwise/services';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import {
  type ApiHarness,
  callerFor,
  latestMailTo,
  linkTokenIn,
  rest,
  startApiHarness,
  TEST_ORIGIN,
} from './testing/api-harness';

const START = new Date('2026-12-01T10:00:00.000Z');
let harness: ApiHarness;

beforeAll(async () => {
  harness = await startApiHarness({
    start: START,
    rateLimits: {
      login: { limit: 3, windowMs: 15 * 60_000 },
      anonymousPerAddress: { limit: 8, windowMs: 15 * 60_000 },
      accountMail: { limit: 2, windowMs: 60 * 60_000 },
      invalidCredentials: { limit: 4, windowMs: 60_000 },
    },
  });
});
afterAll(async () => {
  await harness.close();
});

let addressCounter = 0;
/** Each test speaks from its own client address, so the throttles of one do not touch another. */
function freshAddress(): string {
  addressCounter += 1;
  return `198.51.100.${addressCounter}`;
}

async function trpcFrom(origin: string, path: string, input: unknown) {
  return fetch(`${harness.baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ json: input }),
  });
}

async function signUpAndGetLink(email: string, password = 'a long passphrase') {
  const { caller } = await callerFor(harness, { ipAddress: freshAddress() });
  await caller.auth.signUp({ email, password });
  return linkTokenIn((await latestMailTo(harness, email)).text, VERIFY_EMAIL_PATH);
}

describe('e-mail verification links', () => {
  it('stores only the hash of the token, works once, and names why a second use fails', async () => {
    const token = await signUpAndGetLink('once@example.test');
    const stored = await harness.services.db.accountToken.findMany({
      where: { email: 'once@example.test' },
      select: { tokenHash: true },
    });
    expect(stored).toEqual([{ tokenHash: hashToken(token) }]);

    const { caller } = await callerFor(harness, {});
    const verified = await caller.auth.verifyEmail({ token, password: 'a long passphrase' });
    expect(verified.user).toMatchObject({ email: 'once@example.test', emailVerified: true });
    await expect(caller.auth.verifyEmail({ token, password: 'a long passphrase' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('already used'),
    });
  });

  it('expires after 24 hours', async () => {
    const token = await signUpAndGetLink('late@example.test');
    harness.clock.set(new Date(START.getTime() + 25 * HOUR_MS));
    try {
      const { caller } = await callerFor(harness, {});
      await expect(caller.auth.verifyEmail({ token, password: 'a long passphrase' })).rejects.toMatchObject({
        message: expect.stringContaining('expired'),
      });
      expect((await findUserByEmail(harness.services.db, 'late@example.test'))?.emailVerifiedAt).toBeNull();
    } finally {
      harness.clock.set(START);
    }
  });

  it('refuses a confirmation sent from another site, so nobody is signed into an account they did not choose', async () => {
    const token = await signUpAndGetLink('crosssite@example.test');
    const foreign = await trpcFrom('https://evil.example', 'auth.verifyEmail', {
      token,
      password: 'a long passphrase',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.getSetCookie()).toEqual([]);
    expect((await findUserByEmail(harness.services.db, 'crosssite@example.test'))?.emailVerifiedAt).toBeNull();

    const own = await trpcFrom(TEST_ORIGIN, 'auth.verifyEmail', { token, password: 'a long passphrase' });
    expect(own.status).toBe(200);
    expect(own.headers.getSetCookie().some((cookie) => cookie.startsWith('cronwise_session='))).toBe(true);
    expect((await findUserByEmail(harness.services.db, 'crosssite@example.test'))?.emailVerifiedAt).not.toBeNull();
  });

  it('needs the sign-up password too, so the mailbox owner cannot confirm a squatter by opening the link', async () => {
    const token = await signUpAndGetLink('squatted@example.test', 'the squatter password');
    const { caller } = await callerFor(harness, { ipAddress: freshAddress() });
    await expect(caller.auth.verifyEmail({ token, password: 'I do not know it' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('password does not match'),
    });
    expect((await findUserByEmail(harness.services.db, 'squatted@example.test'))?.emailVerifiedAt).toBeNull();
    // A wrong password does not use the link up.
    const confirmed = await caller.auth.verifyEmail({ token, password: 'the squatter password' });
    expect(confirmed.user.emailVerified).toBe(true);
  });

  it('keeps API keys from an unverified account until its owner confirms the address', async () => {
    const address = freshAddress();
    const { caller } = await callerFor(harness, { ipAddress: address });
    await caller.auth.signUp({ email: 'keys@example.test', password: 'a long passphrase' });
    const login = await callerFor(harness, { ipAddress: address });
    await login.caller.auth.logIn({ email: 'keys@example.test', password: 'a long passphrase' });
    const cookie = `cronwise_session=${login.cookies[0]?.token ?? ''}`;
    expect((await rest(harness, 'GET', '/me', { cookie })).body.emailVerified).toBe(false);

    const refused = await rest(harness, 'POST', '/api-keys', {
      cookie,
      origin: TEST_ORIGIN,
      body: { name: 'ci', scopes: ['read'] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('confirm your e-mail address before you create API keys');

    const resent = await (
      await callerFor(harness, { sessionToken: login.cookies[0]?.token ?? '' })
    ).caller.auth.resendVerification();
    expect(resent).toEqual({ email: 'keys@example.test', isAlreadyVerified: false });
    const token = linkTokenIn((await latestMailTo(harness, 'keys@example.test')).text, VERIFY_EMAIL_PATH);
    await (await callerFor(harness, {})).caller.auth.verifyEmail({ token, password: 'a long passphrase' });
    const created = await rest(harness, 'POST', '/api-keys', {
      cookie,
      origin: TEST_ORIGIN,
      body: { name: 'ci', scopes: ['read'] },
    });
    expect(created.status).toBe(200);
  });
});

describe('password reset by e-mail', () => {
  it('answers the same for unknown and known addresses, and mails only the known one', async () => {
    const { caller } = await callerFor(harness, { ipAddress: freshAddress() });
    const unknown = await caller.auth.requestPasswordReset({ email: 'nobody@example.test' });
    await signUpAndGetLink('known@example.test');
    const known = await caller.auth.requestPasswordReset({ email: 'known@example.test' });
    expect(unknown).toEqual({ email: 'nobody@example.test', resetSent: true });
    expect(known).toEqual({ email: 'known@example.test', resetSent: true });
    await expect(latestMailTo(harness, 'nobody@example.test')).rejects.toThrow('no mail');
    expect((await latestMailTo(harness, 'known@example.test')).subject).toBe('Reset your Cronwise password');
  });

  it('sets the password once, signs out every session, and confirms the address', async () => {
    const address = freshAddress();
    const { caller } = await callerFor(harness, { ipAddress: address });
    await caller.auth.signUp({ email: 'reset@example.test', password: 'old passphrase here' });
    const sessions = [];
    for (let index = 0; index < 2; index += 1) {
      const login = await callerFor(harness, { ipAddress: freshAddress() });
      await login.caller.auth.logIn({ email: 'reset@example.test', password: 'old passphrase here' });
      sessions.push(login.cookies[0]?.token ?? '');
    }
    await caller.auth.requestPasswordReset({ email: 'reset@example.test' });
    const token = linkTokenIn((await latestMailTo(harness, 'reset@example.test')).text, RESET_PASSWORD_PATH);

    const reset = await trpcFrom(TEST_ORIGIN, 'auth.resetPassword', { token, newPassword: 'new passphrase here' });
    expect(reset.status).toBe(200);
    for (const session of sessions) {
      expect((await rest(harness, 'GET', '/me', { cookie: `cronwise_session=${session}` })).status).toBe(401);
    }
    const user = await findUserByEmail(harness.services.db, 'reset@example.test');
    expect(user?.emailVerifiedAt).not.toBeNull();
    await expect(
      caller.auth.logIn({ email: 'reset@example.test', password: 'old passphrase here' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await caller.auth.logIn({ email: 'reset@example.test', password: 'new passphrase here' });

    const reused = await trpcFrom(TEST_ORIGIN, 'auth.resetPassword', { token, newPassword: 'third passphrase here' });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('already used');
  });

  it('expires after an hour', async () => {
    const { caller } = await callerFor(harness, { ipAddress: freshAddress() });
    await signUpAndGetLink('slow@example.test');
    await caller.auth.requestPasswordReset({ email: 'slow@example.test' });
    const token = linkTokenIn((await latestMailTo(harness, 'slow@example.test')).text, RESET_PASSWORD_PATH);
    harness.clock.set(new Date(START.getTime() + HOUR_MS + 1));
    try {
      await expect(caller.auth.resetPassword({ token, newPassword: 'too late passphrase' })).rejects.toMatchObject({
        message: expect.stringContaining('expired'),
      });
    } finally {
      harness.clock.set(START);
    }
  });
});

describe('API keys never become logins', () => {
  it('refuses a password change with an admin-scope key and sets no cookie', async () => {
    const token = await signUpAndGetLink('keyholder@example.test', 'owner passphrase');
    const verified = await callerFor(harness, {});
    await verified.caller.auth.verifyEmail({ token, password: 'owner passphrase' });
    const session = verified.cookies[0]?.token ?? '';
    const created = await rest(harness, 'POST', '/api-keys', {
      cookie: `cronwise_session=${session}`,
      origin: TEST_ORIGIN,
      body: { name: 'admin', scopes: ['admin'] },
    });
    const response = await fetch(`${harness.baseUrl}/trpc/auth.changePassword`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${created.body.key}` },
      body: JSON.stringify({ json: { currentPassword: 'owner passphrase', newPassword: 'stolen passphrase' } }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(JSON.stringify(await response.json())).toContain('an API key cannot change a password');
    await (await callerFor(harness, {})).caller.auth.logIn({
      email: 'keyholder@example.test',
      password: 'owner passphrase',
    });
  });

  it('needs the current password, so a session alone cannot set one on a password-less account', async () => {
    const user = await harness.services.db.user.create({
      data: { email: 'oauth-only@example.test', emailVerifiedAt: START },
      select: { id: true },
    });
    const { issueSession } = await import('@cronwise/services');
    const { token } = await issueSession(harness.services, user.id);
    const { caller } = await callerFor(harness, { sessionToken: token });
    await expect(
      caller.auth.changePassword({ currentPassword: '', newPassword: 'a brand new password' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Forgot password'),
    });
  });
});

describe('throttling unauthenticated requests', () => {
  it('throttles password guesses per client address and e-mail, without locking the owner out elsewhere', async () => {
    await signUpAndGetLink('target@example.test', 'the real passphrase');
    const attacker = freshAddress();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { caller } = await callerFor(harness, { ipAddress: attacker });
      await expect(
        caller.auth.logIn({ email: 'target@example.test', password: `guess ${attempt}` }),
      ).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    }
    const { caller: blocked } = await callerFor(harness, { ipAddress: attacker });
    await expect(
      blocked.auth.logIn({ email: 'target@example.test', password: 'the real passphrase' }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });

    const { caller: owner } = await callerFor(harness, { ipAddress: freshAddress() });
    const login = await owner.auth.logIn({ email: 'target@example.test', password: 'the real passphrase' });
    expect(login.user.email).toBe('target@example.test');
  });

  it('throttles spraying many addresses and sign-ups from one client address', async () => {
    const sprayer = freshAddress();
    const outcomes: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const { caller } = await callerFor(harness, { ipAddress: sprayer });
      const attempt =
        index % 2 === 0
          ? caller.auth.logIn({ email: `spray-${index}@example.test`, password: 'Password123!' })
          : caller.auth.signUp({ email: `spray-${index}@example.test`, password: 'Password123!' });
      outcomes.push(await attempt.then(() => 'ok').catch((error: { code: string }) => error.code));
    }
    expect(outcomes.slice(0, 8)).not.toContain('TOO_MANY_REQUESTS');
    expect(outcomes.slice(8)).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
  });

  it('throttles reset mail per client address and e-mail', async () => {
    const { caller } = await callerFor(harness, { ipAddress: freshAddress() });
    await caller.auth.requestPasswordReset({ email: 'bombed@example.test' });
    await caller.auth.requestPasswordReset({ email: 'bombed@example.test' });
    await expect(caller.auth.requestPasswordReset({ email: 'bombed@example.test' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });

  it('answers 429 with Retry-After after too many unknown keys, counted across server instances', async () => {
    // A window of its own: earlier tests sent revoked cookies from the same address.
    harness.clock.set(new Date(START.getTime() + 10 * 60_000));
    const second = await buildApp({
      db: harness.services.db,
      boss: harness.engine.boss,
      logger: pino({ level: 'silent' }),
      services: harness.services,
      http: harness.http,
    });
    try {
      const fromFirst = (key: string) => rest(harness, 'GET', '/jobs', { key });
      const fromSecond = async (key: string) =>
        second.inject({ method: 'GET', url: '/api/v1/jobs', headers: { authorization: `Bearer ${key}` } });
      // Both instances see 127.0.0.1: the count lives in PostgreSQL, not in either process.
      expect((await fromFirst('cw_guess1')).status).toBe(401);
      expect((await fromSecond('cw_guess2')).statusCode).toBe(401);
      expect((await fromFirst('cw_guess3')).status).toBe(401);
      expect((await fromSecond('cw_guess4')).statusCode).toBe(401);
      const throttled = await fromFirst('cw_guess5');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      const throttledCookie = await rest(harness, 'GET', '/jobs', { cookie: 'cronwise_session=forged' });
      expect(throttledCookie.status).toBe(429);
    } finally {
      await second.close();
      harness.clock.set(START);
    }
  });
});

describe('no account enumeration', () => {
  it('gives one message for an unknown address, a password-less account and a wrong password', async () => {
    await signUpAndGetLink('exists@example.test', 'the right passphrase');
    await harness.services.db.user.create({ data: { email: 'provider-only@example.test', emailVerifiedAt: START } });
    const messages: string[] = [];
    for (const email of ['missing@example.test', 'provider-only@example.test', 'exists@example.test']) {
      const { caller } = await callerFor(harness, { ipAddress: freshAddress() });
      messages.push(
        await caller.auth
          .logIn({ email, password: 'not the passphrase' })
          .then(() => 'signed in')
          .catch((error: { message: string }) => error.message),
      );
    }
    expect(messages).toEqual([WRONG_CREDENTIALS, WRONG_CREDENTIALS, WRONG_CREDENTIALS]);
  });
});
