/**
 * The SDK re-implements the signature scheme and the error codes (it may not import the domain
 * package); these tests hold the two implementations to each other.
 */
import { ErrorCode, signRequest } from '@cronwise/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRONWISE_ERROR_CODES } from '../packages/sdk/src/errors';
import { verifySignature } from '../packages/sdk/src/signature';

const keyIdArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const secretArbitrary = fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' });
const urlArbitrary = fc.webUrl({ withQueryParameters: true, withFragments: true });
const bodyArbitrary = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 300, unit: 'grapheme' }),
  fc.uint8Array({ maxLength: 300 }),
);
const methodArbitrary = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'post');
const idempotencyKeyArbitrary = fc.stringMatching(/^[\x21-\x7e]{1,255}$/);
const nowArbitrary = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
});

describe('the SDK’s verifySignature against the domain’s signRequest', () => {
  it('accepts every request the domain signs, with any key in force', async () => {
    await fc.assert(
      fc.asyncProperty(
        methodArbitrary,
        urlArbitrary,
        bodyArbitrary,
        fc.uniqueArray(fc.record({ id: keyIdArbitrary, secret: secretArbitrary }), {
          minLength: 1,
          maxLength: 2,
          selector: (key) => key.id,
        }),
        idempotencyKeyArbitrary,
        nowArbitrary,
        async (method, url, body, keys, idempotencyKey, now) => {
          const headers = {
            ...signRequest({ method, url, body, idempotencyKey, keys, now }),
            'Idempotency-Key': idempotencyKey,
          };
          for (const key of keys) {
            const result = await verifySignature({ method, url, headers, body }, { [key.id]: key.secret }, { now });
            expect(result).toEqual({ ok: true, keyId: key.id });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects a request whose body changed after signing', async () => {
    await fc.assert(
      fc.asyncProperty(
        urlArbitrary,
        fc.string({ maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 10 }),
        keyIdArbitrary,
        secretArbitrary,
        nowArbitrary,
        async (url, body, extra, id, secret, now) => {
          const signed = signRequest({ method: 'POST', url, body, idempotencyKey: 'occ', keys: [{ id, secret }], now });
          const headers = { ...signed, 'Idempotency-Key': 'occ' };
          const result = await verifySignature({ method: 'POST', url, headers, body: body + extra }, secret, { now });
          expect(result).toEqual({ ok: false, reason: 'signature-mismatch' });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects a request whose Idempotency-Key was swapped after signing', async () => {
    await fc.assert(
      fc.asyncProperty(
        urlArbitrary,
        idempotencyKeyArbitrary,
        idempotencyKeyArbitrary,
        keyIdArbitrary,
        secretArbitrary,
        nowArbitrary,
        async (url, signedKey, sentKey, id, secret, now) => {
          fc.pre(signedKey !== sentKey);
          const signed = signRequest({
            method: 'POST',
            url,
            body: '{}',
            idempotencyKey: signedKey,
            keys: [{ id, secret }],
            now,
          });
          const headers = { ...signed, 'Idempotency-Key': sentKey };
          const result = await verifySignature({ method: 'POST', url, headers, body: '{}' }, secret, { now });
          expect(result).toEqual({ ok: false, reason: 'signature-mismatch' });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the SDK’s error codes', () => {
  it('are exactly the API’s', () => {
    expect([...CRONWISE_ERROR_CODES].sort()).toEqual(Object.values(ErrorCode).sort());
  });
});
