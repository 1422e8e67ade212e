import { createDatabase } from '@cronwise/db';
import { createBoss } from '@cronwise/jobs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { checkHealth } from './health';
import { CONTENT_SECURITY_POLICY } from './security-headers';
import { type ApiHarness, makeAccount, startApiHarness } from './testing/api-harness';

let harness: ApiHarness;
beforeAll(async () => {
  harness = await startApiHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('security headers', () => {
  it('give app pages a CSP that forbids framing and foreign scripts, plus nosniff and no referrer', async () => {
    for (const page of ['/', '/jobs/some-client-route', '/api/docs']) {
      const response = await fetch(`${harness.baseUrl}${page}`);
      expect(response.headers.get('content-type'), page).toMatch(/^text\/html/);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy, page).toBe(CONTENT_SECURITY_POLICY);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("script-src 'self';");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      await response.arrayBuffer();
    }
  });

  it('mark API answers nosniff too', async () => {
    const { key } = await makeAccount(harness);
    const response = await fetch(`${harness.baseUrl}/api/v1/jobs`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    await response.arrayBuffer();
  });
});

describe('client addresses', () => {
  async function addressSeen(trustProxy: boolean | string | undefined) {
    const app = await buildApp({
      db: harness.engine.deps.db,
      boss: harness.engine.boss,
      logger: pino({ level: 'silent' }),
      services: harness.services,
      http: { ...harness.http, ...(trustProxy === undefined ? {} : { trustProxy }) },
    });
    app.get('/test/address', async (request) => ({ ip: request.ip }));
    const response = await app.inject({
      method: 'GET',
      url: '/test/address',
      remoteAddress: '10.1.2.3',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    await app.close();
    return response.json().ip;
  }

  it('ignore X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
    expect(await addressSeen(undefined)).toBe('10.1.2.3');
    expect(await addressSeen(false)).toBe('10.1.2.3');
    expect(await addressSeen('192.168.0.0/16')).toBe('10.1.2.3');
    expect(await addressSeen('10.0.0.0/8')).toBe('203.0.113.9');
  });
});

describe('/healthz', () => {
  it('names the failing part without the driver’s error text, which goes to the log', async () => {
    const unreachable = 'postgresql://cronwise:hunter2-password@127.0.0.1:1/private_db_name';
    const db = createDatabase({ url: unreachable, poolSize: 1 });
    const boss = createBoss({ databaseUrl: unreachable, poolSize: 1 });
    const logged: Array<{ part: string; error: unknown }> = [];
    try {
      const report = await checkHealth(db, boss, (part, error) => logged.push({ part, error }));
      expect(report).toEqual({ status: 'error', db: 'unavailable', queue: 'unavailable' });
      expect(logged.map((entry) => entry.part).sort()).toEqual(['database', 'queue']);
    } finally {
      await db.$disconnect();
    }
  });

  it('answers ok with the same shape when everything is up', async () => {
    const response = await fetch(`${harness.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', db: 'ok', queue: 'ok' });
  });
});
