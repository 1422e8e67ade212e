import { signRequest, verifySignature } from '@cronwise/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, makeAccount, rest, startApiHarness } from './testing/api-harness';

let harness: ApiHarness;
const START = new Date('2026-12-01T10:00:00.000Z');
beforeAll(async () => {
  harness = await startApiHarness({ start: START });
});
afterAll(async () => {
  await harness.close();
});

describe('signing keys', () => {
  it('gives an account its signing secret, creating it on first use, stable afterwards', async () => {
    const { key } = await makeAccount(harness);
    const first = await rest(harness, 'GET', '/signing-keys', { key });
    expect(first.status).toBe(200);
    expect(first.body.current.keyId).toMatch(/^key_/);
    expect(first.body.current.secret).toMatch(/^whsec_/);
    expect(first.body.previous).toBeNull();
    expect((await rest(harness, 'GET', '/signing-keys', { key })).body.current).toEqual(first.body.current);
  });

  it('rotates: the new key signs, the previous one co-signs until the grace period ends', async () => {
    const { key } = await makeAccount(harness);
    const before = (await rest(harness, 'GET', '/signing-keys', { key })).body;
    const rotated = await rest(harness, 'POST', '/signing-keys/rotate', { key, body: { graceHours: 2 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.current.keyId).not.toBe(before.current.keyId);
    expect(rotated.body.previous).toMatchObject({
      keyId: before.current.keyId,
      secret: before.current.secret,
      graceExpiresAt: new Date(START.getTime() + 2 * 3_600_000).toISOString(),
    });

    // A receiver that still only knows the old secret keeps verifying during the grace period.
    const signed = signRequest({
      method: 'POST',
      url: 'https://receiver.example/hook',
      body: '{}',
      idempotencyKey: 'occ_rotation',
      keys: [
        { id: rotated.body.current.keyId, secret: rotated.body.current.secret },
        { id: rotated.body.previous.keyId, secret: rotated.body.previous.secret },
      ],
      now: START,
    });
    const headers = { ...signed, 'Idempotency-Key': 'occ_rotation' };
    const verdict = verifySignature({
      method: 'POST',
      url: 'https://receiver.example/hook',
      body: '{}',
      headers,
      secrets: [{ id: before.current.keyId, secret: before.current.secret }],
      now: START,
    });
    expect(verdict).toEqual({ ok: true, keyId: before.current.keyId });

    harness.clock.set(new Date(START.getTime() + 3 * 3_600_000));
    expect((await rest(harness, 'GET', '/signing-keys', { key })).body.previous).toBeNull();
    harness.clock.set(START);
  });

  it('needs the admin scope: secrets are not readable with a read or write key', async () => {
    const { key } = await makeAccount(harness);
    const writeKey = (await rest(harness, 'POST', '/api-keys', { key, body: { name: 'w', scopes: ['write'] } })).body
      .key;
    const denied = await rest(harness, 'GET', '/signing-keys', { key: writeKey });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');
  });
});
