import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_ENCRYPTION_SECRET, loadServerEnvironment } from './env';
import { httpSettingsFrom } from './settings';

const BASE = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/cronwise' };

describe('server environment', () => {
  it('uses a development encryption secret and a localhost URL outside production', () => {
    const env = loadServerEnvironment({ ...BASE, NODE_ENV: 'development' });
    expect(env.ENCRYPTION_SECRET).toBe(DEVELOPMENT_ENCRYPTION_SECRET);
    expect(env.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('refuses to start in production without ENCRYPTION_SECRET', () => {
    expect(() => loadServerEnvironment({ ...BASE, NODE_ENV: 'production' })).toThrow(
      /ENCRYPTION_SECRET: is required in production/,
    );
    const env = loadServerEnvironment({ ...BASE, NODE_ENV: 'production', ENCRYPTION_SECRET: 'x'.repeat(40) });
    expect(env.ENCRYPTION_SECRET).toBe('x'.repeat(40));
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
      ENCRYPTION_SECRET: 'x'.repeat(40),
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
