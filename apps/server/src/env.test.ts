import { describe, expect, it } from 'vitest';
import { loadServerEnvironment } from './env';
import { httpSettingsFrom } from './settings';

const SECRET = 'x'.repeat(40);
const BASE = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/cronwise', ENCRYPTION_SECRET: SECRET };

describe('server environment', () => {
  it('uses a localhost URL when PUBLIC_URL is unset', () => {
    const env = loadServerEnvironment({ ...BASE, NODE_ENV: 'development' });
    expect(env.encryptionSecrets).toEqual({ current: SECRET, previous: [] });
    expect(env.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it.each(['development', 'production', undefined])(
    'refuses to start without ENCRYPTION_SECRET (NODE_ENV %s), naming the variable',
    (nodeEnv) => {
      const { ENCRYPTION_SECRET: _, ...withoutSecret } = BASE;
      expect(() => loadServerEnvironment({ ...withoutSecret, NODE_ENV: nodeEnv })).toThrow(
        /ENCRYPTION_SECRET: is required \(it is not set\)/,
      );
    },
  );

  it('generates a secret for tests only, and keeps the previous secret for decryption after a rotation', () => {
    const { ENCRYPTION_SECRET: _, ...withoutSecret } = BASE;
    const first = loadServerEnvironment({ ...withoutSecret, NODE_ENV: 'test' }).encryptionSecrets.current;
    const second = loadServerEnvironment({ ...withoutSecret, NODE_ENV: 'test' }).encryptionSecrets.current;
    expect(first).toHaveLength(64);
    expect(first).not.toBe(second);
    const rotated = loadServerEnvironment({ ...BASE, ENCRYPTION_SECRET_PREVIOUS: 'p'.repeat(40) });
    expect(rotated.encryptionSecrets).toEqual({ current: SECRET, previous: ['p'.repeat(40)] });
  });

  it('names what is wrong with an allowlist entry that opens too much', () => {
    expect(() => loadServerEnvironment({ ...BASE, TARGET_ALLOWLIST: '10.0.0.0/8,*.com' })).toThrow(
      /TARGET_ALLOWLIST: .*'\*\.com' is too broad/,
    );
    expect(() => loadServerEnvironment({ ...BASE, TARGET_ALLOWLIST: '0.0.0.0/0' })).toThrow(/too broad/);
  });

  it('trusts no proxy unless TRUST_PROXY names one', () => {
    expect(httpSettingsFrom(loadServerEnvironment(BASE)).trustProxy).toBe(false);
    expect(httpSettingsFrom(loadServerEnvironment({ ...BASE, TRUST_PROXY: 'true' })).trustProxy).toBe(true);
    expect(
      httpSettingsFrom(loadServerEnvironment({ ...BASE, TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' })).trustProxy,
    ).toBe('10.0.0.0/8,192.168.1.1');
    expect(() => loadServerEnvironment({ ...BASE, TRUST_PROXY: 'proxy.example.com' })).toThrow(/TRUST_PROXY/);
  });

  it('sets Secure on cookies whenever PUBLIC_URL is https, whatever NODE_ENV says', () => {
    for (const nodeEnv of [undefined, 'development']) {
      const env = loadServerEnvironment({ ...BASE, NODE_ENV: nodeEnv, PUBLIC_URL: 'https://cron.example.com' });
      expect(httpSettingsFrom(env).isSecureCookie).toBe(true);
    }
    expect(
      httpSettingsFrom(loadServerEnvironment({ ...BASE, PUBLIC_URL: 'http://localhost:3000' })).isSecureCookie,
    ).toBe(false);
  });

  it('rejects a malformed allowlist, tier overrides and half-configured OAuth', () => {
    expect(() => loadServerEnvironment({ ...BASE, TARGET_ALLOWLIST: '10.0.0.0/99' })).toThrow(/TARGET_ALLOWLIST/);
    expect(() => loadServerEnvironment({ ...BASE, TIER_LIMITS_JSON: '{"gold":{}}' })).toThrow(/TIER_LIMITS_JSON/);
    expect(() => loadServerEnvironment({ ...BASE, GITHUB_CLIENT_ID: 'id' })).toThrow(/set both or neither/);
  });

  it('derives secure cookies, allowed origins and OAuth endpoints with overrides', () => {
    const env = loadServerEnvironment({
      ...BASE,
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://cron.example.com/',
      ALLOWED_ORIGINS: 'https://app.example.com',
      GOOGLE_CLIENT_ID: 'id',
      GOOGLE_CLIENT_SECRET: 'secret',
      GOOGLE_TOKEN_URL: 'http://127.0.0.1:9999/token',
    });
    const settings = httpSettingsFrom(env);
    expect(settings.isSecureCookie).toBe(true);
    expect(settings.allowedOrigins).toEqual(['https://cron.example.com', 'https://app.example.com']);
    expect(settings.oauth.google?.tokenEndpoint).toBe('http://127.0.0.1:9999/token');
    expect(settings.oauth.google?.authorizationEndpoint).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(settings.oauth.github).toBeUndefined();
  });
});
