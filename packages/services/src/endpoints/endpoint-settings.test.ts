import { AppError, DEFAULT_TIER_LIMITS } from '@cronwise/domain';
import { describe, expect, it } from 'vitest';
import { decryptSecret } from '../secrets/secret-box';
import { isSecretHeaderName, MASKED_SECRET_VALUE, maskHeaders } from './endpoint-headers';
import { type EndpointSettingsInput, resolveEndpointSettings } from './endpoint-settings';
import { validateSuccessStatusCodes } from './success-status-codes';

const SECRET = 'unit-test-encryption-secret-0123456789';
const context = (tier: 'free' | 'pro' = 'free', targetAllowlist = '') => ({
  limits: { ...DEFAULT_TIER_LIMITS[tier] },
  targetAllowlist,
  encryptionSecret: SECRET,
  now: new Date('2026-12-01T10:00:00Z'),
});
const input = (overrides: Partial<EndpointSettingsInput> = {}): EndpointSettingsInput => ({
  name: 'Sync',
  url: 'https://api.example.com/hook',
  schedule: { type: 'interval', intervalMs: 60_000 },
  ...overrides,
});

function thrown(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('endpoint settings', () => {
  it('fills defaults and normalises the schedule and the status rule', () => {
    const settings = resolveEndpointSettings(
      input({ schedule: { type: 'cron', cron: '0 9 * * *', timezone: 'utc' }, successStatusCodes: ' 200 - 204 , 304' }),
      null,
      context(),
    );
    expect(settings).toMatchObject({
      method: 'GET',
      timeoutMs: 30_000,
      scheduleType: 'cron',
      cron: '0 9 * * *',
      timezone: 'UTC',
      intervalMs: null,
      successStatusCodes: '200-204,304',
      retryMaxAttempts: 1,
      overlapPolicy: 'skip',
      catchUpPolicy: 'once',
      aiMode: 'suggest',
    });
  });

  it('collects every input problem with its path before checking the plan', () => {
    const error = thrown(() =>
      resolveEndpointSettings(
        input({
          url: 'not a url',
          schedule: { type: 'interval', intervalMs: 1 },
          method: 'GET',
          body: 'payload',
          retry: { maxAttempts: 99, baseDelayMs: 0, maxDelayMs: 0 },
        }),
        null,
        context(),
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.issues?.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['url', 'body', 'retry.maxAttempts']),
    );
  });

  it('names the plan limit for a too-frequent cron and a too-long timeout', () => {
    const cron = thrown(() =>
      resolveEndpointSettings(
        input({ schedule: { type: 'cron', cron: '* * * * * *', timezone: 'UTC' } }),
        null,
        context(),
      ),
    );
    expect(cron).toMatchObject({ code: 'PLAN_LIMIT_EXCEEDED', details: { limit: 'minIntervalMs' } });
    const timeout = thrown(() => resolveEndpointSettings(input({ timeoutMs: 60_000 }), null, context()));
    expect(timeout).toMatchObject({ code: 'PLAN_LIMIT_EXCEEDED', details: { limit: 'timeoutCapMs' } });
    expect(resolveEndpointSettings(input({ timeoutMs: 60_000 }), null, context('pro')).timeoutMs).toBe(60_000);
  });

  it('blocks SSRF targets unless the allowlist names them', () => {
    const blocked = thrown(() => resolveEndpointSettings(input({ url: 'http://192.168.1.10/x' }), null, context()));
    expect(blocked).toMatchObject({ code: 'TARGET_BLOCKED', details: { range: 'private' } });
    expect(
      resolveEndpointSettings(input({ url: 'http://192.168.1.10/x' }), null, context('free', '192.168.0.0/16')).url,
    ).toBe('http://192.168.1.10/x');
  });

  it('encrypts secret headers and treats auth, cookie, token, key and secret names as secret', () => {
    expect(['Authorization', 'Cookie', 'X-Auth-Token', 'X-Api-Key', 'Client-Secret'].every(isSecretHeaderName)).toBe(
      true,
    );
    expect(isSecretHeaderName('Accept')).toBe(false);
    const settings = resolveEndpointSettings(input({ headers: [{ name: 'X-Api-Key', value: 'k1' }] }), null, context());
    const [header] = settings.headers;
    expect(header?.isSecret).toBe(true);
    expect(decryptSecret(header?.value ?? '', SECRET)).toBe('k1');
    expect(maskHeaders(settings.headers)).toEqual([{ name: 'X-Api-Key', value: MASKED_SECRET_VALUE, isSecret: true }]);
  });

  it('rejects malformed success rules', () => {
    expect(validateSuccessStatusCodes('200-299,304')).toMatchObject({ ok: true, normalised: '200-299,304' });
    expect(validateSuccessStatusCodes('299-200').ok).toBe(false);
    expect(validateSuccessStatusCodes('700').ok).toBe(false);
  });
});
