import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiKey, findUserByEmail } from '@cronwise/db';
import { makeUser } from '@cronwise/db/testing';
import { hashPassword, hashToken, issueSession } from '@cronwise/services';
import { Events, OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, callerFor, rest, startApiHarness, TEST_ORIGIN } from './testing/api-harness';

let provider: OAuth2Server;
let githubEmails: Server;
let githubEmailList: Array<{ email: string; primary: boolean; verified: boolean }> = [];
let harness: ApiHarness;
let unconfigured: ApiHarness;

beforeAll(async () => {
  provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  await provider.start(0, '127.0.0.1');
  const issuer = provider.issuer.url ?? '';
  githubEmails = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(githubEmailList));
  });
  await new Promise<void>((resolve) => githubEmails.listen(0, '127.0.0.1', resolve));
  const emailsPort = (githubEmails.address() as AddressInfo).port;
  harness = await startApiHarness({
    oauth: {
      google: {
        clientId: 'google-client',
        clientSecret: 'google-secret',
        authorizationEndpoint: `${issuer}/authorize`,
        tokenEndpoint: `${issuer}/token`,
        userInfoEndpoint: `${issuer}/userinfo`,
        scopes: ['openid', 'email', 'profile'],
      },
      github: {
        clientId: 'github-client',
        clientSecret: 'github-secret',
        authorizationEndpoint: `${issuer}/authorize`,
        tokenEndpoint: `${issuer}/token`,
        userInfoEndpoint: `${issuer}/userinfo`,
        emailsEndpoint: `http://127.0.0.1:${emailsPort}/user/emails`,
        scopes: ['read:user', 'user:email'],
      },
    },
  });
  unconfigured = await startApiHarness();
});
afterAll(async () => {
  await unconfigured.close();
  await harness.close();
  await new Promise((resolve) => githubEmails.close(resolve));
  await provider.stop();
});

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '');
}

/** Start → provider's authorize endpoint → our callback, as a browser would follow them. */
async function signInWith(name: 'google' | 'github', options: { tamperState?: boolean } = {}) {
  const start = await fetch(`${harness.baseUrl}/auth/oauth/${name}`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const authorizeUrl = new URL(start.headers.get('location') ?? '');
  expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorizeUrl.searchParams.get('state')).toEqual(expect.any(String));
  const cookies = cookiePairs(start);
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = new URL(authorize.headers.get('location') ?? '');
  expect(`${callback.origin}${callback.pathname}`).toBe(`http://cronwise.test/auth/oauth/${name}/callback`);
  if (options.tamperState) callback.searchParams.set('state', 'forged');
  const finish = await fetch(`${harness.baseUrl}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: { cookie: cookies.join('; ') },
  });
  const session = cookiePairs(finish).find(
    (cookie) => cookie.startsWith('cronwise_session=') && cookie !== 'cronwise_session=',
  );
  return { finish, session };
}

describe('OAuth sign-in against a local OAuth2/OIDC provider', () => {
  it('signs a new Google user in with state and PKCE, creating the account', async () => {
    provider.service.once(Events.BeforeUserinfo, (userInfo) => {
      userInfo.body = { sub: 'google-1', email: 'grace@example.test', email_verified: true, name: 'Grace' };
    });
    const { finish, session } = await signInWith('google');
    expect(finish.status).toBe(302);
    expect(finish.headers.get('location')).toBe('/');
    expect(session).toBeDefined();
    const me = await rest(harness, 'GET', '/me', { cookie: session });
    expect(me.body).toMatchObject({ email: 'grace@example.test', name: 'Grace', authenticatedWith: 'session' });
  });

  it('links a GitHub account to the existing user with the same verified e-mail', async () => {
    const existing = await makeUser(harness.services.db, { email: 'linus@example.test' });
    provider.service.once(Events.BeforeUserinfo, (userInfo) => {
      userInfo.body = { id: 4242, login: 'linus', name: 'Linus' };
    });
    githubEmailList = [
      { email: 'other@example.test', primary: false, verified: false },
      { email: 'linus@example.test', primary: true, verified: true },
    ];
    const { session } = await signInWith('github');
    const me = await rest(harness, 'GET', '/me', { cookie: session });
    expect(me.body.id).toBe(existing.id);
    const accounts = await harness.services.db.oAuthAccount.findMany({ where: { userId: existing.id } });
    expect(accounts).toEqual([expect.objectContaining({ provider: 'github', providerUserId: '4242' })]);

    // The next sign-in finds the link by provider id even if the e-mail changed at GitHub.
    provider.service.once(Events.BeforeUserinfo, (userInfo) => {
      userInfo.body = { id: 4242, login: 'linus', name: 'Linus' };
    });
    githubEmailList = [{ email: 'linus@new.example.test', primary: true, verified: true }];
    const again = await signInWith('github');
    expect((await rest(harness, 'GET', '/me', { cookie: again.session })).body.id).toBe(existing.id);
  });

  it('hands an unverified password account to the Google user who owns the address, revoking the squatter', async () => {
    // The attack: sign up as the victim's address, sign in with the password, hold an API key.
    const { caller } = await callerFor(harness, {});
    await caller.auth.signUp({ email: 'victim@example.test', password: 'attacker password' });
    const attacker = await callerFor(harness, {});
    await attacker.caller.auth.logIn({ email: 'victim@example.test', password: 'attacker password' });
    const attackerSession = attacker.cookies[0]?.token ?? '';
    const squatted = await findUserByEmail(harness.services.db, 'victim@example.test');
    if (!squatted) throw new Error('sign-up created no account');
    // Keys are refused before verification; one minted before that rule existed must still die.
    const refused = await rest(harness, 'POST', '/api-keys', {
      cookie: `cronwise_session=${attackerSession}`,
      origin: TEST_ORIGIN,
      body: { name: 'persistence', scopes: ['admin'] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('confirm your e-mail address');
    const legacyKey = 'cw_legacykeyfromanunverifiedaccount';
    await createApiKey(harness.services.db, {
      userId: squatted.id,
      name: 'legacy',
      prefix: legacyKey.slice(0, 11),
      hash: hashToken(legacyKey),
      scopes: ['admin'],
    });
    expect((await rest(harness, 'GET', '/me', { key: legacyKey })).status).toBe(200);

    provider.service.once(Events.BeforeUserinfo, (userInfo) => {
      userInfo.body = { sub: 'google-victim', email: 'victim@example.test', email_verified: true, name: 'Victim' };
    });
    const { session } = await signInWith('google');
    const me = await rest(harness, 'GET', '/me', { cookie: session });
    expect(me.body).toMatchObject({ id: squatted.id, email: 'victim@example.test', emailVerified: true });

    expect((await rest(harness, 'GET', '/me', { cookie: `cronwise_session=${attackerSession}` })).status).toBe(401);
    expect((await rest(harness, 'GET', '/me', { key: legacyKey })).status).toBe(401);
    await expect(
      caller.auth.logIn({ email: 'victim@example.test', password: 'attacker password' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const audit = await harness.services.db.auditEntry.findMany({
      where: { targetId: squatted.id, action: 'account.claimed' },
    });
    expect(audit).toHaveLength(1);
  });

  it('links Google to a verified password account and keeps its password and keys', async () => {
    const owner = await makeUser(harness.services.db, {
      email: 'kept@example.test',
      passwordHash: await hashPassword('the owner password'),
    });
    const { caller } = await callerFor(harness, {});
    const { token } = await issueSession(harness.services, owner.id);
    const created = await rest(harness, 'POST', '/api-keys', {
      cookie: `cronwise_session=${token}`,
      origin: TEST_ORIGIN,
      body: { name: 'deploy', scopes: ['read'] },
    });
    expect(created.status).toBe(200);
    provider.service.once(Events.BeforeUserinfo, (userInfo) => {
      userInfo.body = { sub: 'google-kept', email: 'kept@example.test', email_verified: true, name: 'Kept' };
    });
    const { session } = await signInWith('google');
    expect((await rest(harness, 'GET', '/me', { cookie: session })).body.id).toBe(owner.id);
    expect((await rest(harness, 'GET', '/me', { key: created.body.key })).status).toBe(200);
    expect((await rest(harness, 'GET', '/me', { cookie: `cronwise_session=${token}` })).status).toBe(200);
    const login = await caller.auth.logIn({ email: 'kept@example.test', password: 'the owner password' });
    expect(login.user.id).toBe(owner.id);
  });

  it('refuses an account without a verified e-mail address and creates nobody', async () => {
    provider.service.once(Events.BeforeUserinfo, (userInfo) => {
      userInfo.body = { sub: 'google-2', email: 'mallory@example.test', email_verified: false };
    });
    const { finish, session } = await signInWith('google');
    expect(finish.status).toBe(401);
    expect(await finish.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('verified'),
    });
    expect(session).toBeUndefined();
    expect(await findUserByEmail(harness.services.db, 'mallory@example.test')).toBeNull();
  });

  it('refuses a callback whose state does not match the cookie', async () => {
    const { finish, session } = await signInWith('google', { tamperState: true });
    expect(finish.status).toBe(400);
    expect(session).toBeUndefined();
  });

  it('answers 404 with what to configure when a provider is not set up', async () => {
    const response = await fetch(`${unconfigured.baseUrl}/auth/oauth/github`, { redirect: 'manual' });
    expect(response.status).toBe(404);
    expect((await response.json()).message).toContain('GITHUB_CLIENT_ID');
  });
});
