import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import readme from '../README.md?raw';
import { AppError, ErrorCode } from './errors';
import {
  bodySha256Hex,
  IDEMPOTENCY_KEY_HEADER,
  normalizeSignedUrl,
  parseSignatureHeader,
  SIGNATURE_HEADER,
  signedString,
  signingKeysInForce,
  signRequest,
  TIMESTAMP_HEADER,
  verifySignature,
} from './signature';

const current = { id: 'key_2026_03', secret: 'whsec_current_5f1b2c' };
const previous = { id: 'key_2025_12', secret: 'whsec_previous_9a8d7e' };
const request = {
  method: 'POST',
  url: 'https://api.example.com/hooks/cronwise?source=cron',
  body: '{"event":"tick","endpoint":"ep_123"}',
  idempotencyKey: '0195e1c4-6a80-7000-8000-000000000001',
  now: new Date('2026-03-29T01:30:00Z'),
};

/** The worked example in README.md, computed independently (openssl) and kept in sync here. */
const README_EXAMPLE = {
  timestamp: '1774747800',
  bodySha256: '484a70225d22ae5136b57c4f4fbb0c9cd129efc246bd9c0c37683da480b663bf',
  currentSignature: 'ec95c75911acefe4b300b7983ee6f734cb6a78f42ef1a6df876a90c3bd2465fb',
  previousSignature: '3fe4c64cf3a3e4869ce547714303a8926fc0fa9778939d9ce9e8da11bc542782',
};

describe('signRequest', () => {
  it('produces the README example exactly', () => {
    const headers = signRequest({ ...request, keys: [current, previous] });
    expect(headers).toEqual({
      [TIMESTAMP_HEADER]: README_EXAMPLE.timestamp,
      [SIGNATURE_HEADER]: `v2=key_2026_03:${README_EXAMPLE.currentSignature}, v2=key_2025_12:${README_EXAMPLE.previousSignature}`,
    });
    expect(bodySha256Hex(request.body)).toBe(README_EXAMPLE.bodySha256);
    expect(
      signedString({
        timestamp: README_EXAMPLE.timestamp,
        method: 'post',
        url: request.url,
        idempotencyKey: request.idempotencyKey,
        body: request.body,
      }),
    ).toBe(
      `v2\n1774747800\nPOST\nhttps://api.example.com/hooks/cronwise?source=cron\n${request.idempotencyKey}\n${README_EXAMPLE.bodySha256}`,
    );
  });

  it('matches the values printed in the README', () => {
    for (const value of Object.values(README_EXAMPLE)) expect(readme).toContain(value);
    expect(readme).toContain(
      `Cronwise-Signature: v2=key_2026_03:${README_EXAMPLE.currentSignature}, v2=key_2025_12:${README_EXAMPLE.previousSignature}`,
    );
    expect(readme).toContain(`Idempotency-Key: ${request.idempotencyKey}`);
    expect(readme).toContain(request.body);
    expect(readme).toContain(current.secret);
  });

  it('signs with a single key outside rotation', () => {
    expect(signRequest({ ...request, keys: [current] })[SIGNATURE_HEADER]).toBe(
      `v2=key_2026_03:${README_EXAMPLE.currentSignature}`,
    );
  });

  it('refuses an idempotency key that could split the signed string', () => {
    for (const idempotencyKey of ['', 'a\nb', 'with space', 'x'.repeat(256)]) {
      expect(() => signRequest({ ...request, idempotencyKey, keys: [current] }), idempotencyKey).toThrow(
        'the idempotency key must be 1-255 printable ASCII characters without spaces',
      );
    }
  });

  it('fails closed without a key', () => {
    try {
      signRequest({ ...request, keys: [] });
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(ErrorCode.SIGNING_KEY_MISSING);
    }
  });

  it('rejects key ids that would break the header, duplicates and empty secrets', () => {
    expect(() => signRequest({ ...request, keys: [{ id: 'a:b', secret: 's' }] })).toThrow(
      "key id 'a:b' must be 1-64 characters of A-Z, a-z, 0-9, _ or -",
    );
    expect(() => signRequest({ ...request, keys: [current, current] })).toThrow("key id 'key_2026_03' appears twice");
    expect(() => signRequest({ ...request, keys: [{ id: 'k', secret: '' }] })).toThrow('secret must not be empty');
  });

  it('hashes bytes and strings alike, and a missing body as empty', () => {
    expect(bodySha256Hex(new TextEncoder().encode(request.body))).toBe(README_EXAMPLE.bodySha256);
    expect(bodySha256Hex(null)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(bodySha256Hex(undefined)).toBe(bodySha256Hex(''));
  });

  it('signs the URL as sent: normalised host, percent-encoding, no fragment', () => {
    expect(normalizeSignedUrl('HTTPS://API.Example.com:443/a b?x=1#frag')).toBe('https://api.example.com/a%20b?x=1');
  });
});

describe('verifySignature', () => {
  const headers = {
    ...signRequest({ ...request, keys: [current, previous] }),
    [IDEMPOTENCY_KEY_HEADER]: request.idempotencyKey,
  };
  const verify = (overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) =>
    verifySignature({ ...request, headers, secrets: [current], ...overrides });

  it('accepts a request signed with the current key', () => {
    expect(verify()).toEqual({ ok: true, keyId: 'key_2026_03' });
  });

  it('accepts a receiver that still only knows the previous key during rotation', () => {
    expect(verify({ secrets: [previous] })).toEqual({ ok: true, keyId: 'key_2025_12' });
  });

  it('takes secrets as a map from key id to secret', () => {
    expect(verify({ secrets: { key_2025_12: previous.secret } })).toEqual({ ok: true, keyId: 'key_2025_12' });
  });

  it('tries a secret without an id against every signature', () => {
    expect(verify({ secrets: [{ secret: previous.secret }] })).toEqual({ ok: true, keyId: 'key_2025_12' });
  });

  it('rejects any change to body, URL or method', () => {
    expect(verify({ body: '{"event":"tock","endpoint":"ep_123"}' })).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
    expect(verify({ url: 'https://api.example.com/hooks/cronwise?source=evil' })).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
    expect(verify({ method: 'PUT' })).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verify({ secrets: [{ id: current.id, secret: 'wrong' }] })).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it('rejects a replay that poses as a new occurrence under another Idempotency-Key', () => {
    expect(
      verify({ headers: { ...headers, [IDEMPOTENCY_KEY_HEADER]: '0195e1c4-6a80-7000-8000-000000000002' } }),
    ).toEqual({ ok: false, reason: 'signature-mismatch' });
    const { [IDEMPOTENCY_KEY_HEADER]: _, ...withoutKey } = headers;
    expect(verify({ headers: withoutKey })).toEqual({ ok: false, reason: 'missing-idempotency-key' });
  });

  it('refuses an empty secret, even against a signature made with an empty key', () => {
    const forged = createHmac('sha256', '')
      .update(
        signedString({
          timestamp: headers[TIMESTAMP_HEADER],
          method: request.method,
          url: request.url,
          idempotencyKey: request.idempotencyKey,
          body: request.body,
        }),
      )
      .digest('hex');
    const forgedHeaders = { ...headers, [SIGNATURE_HEADER]: `v2=key_2026_03:${forged}` };
    expect(verify({ headers: forgedHeaders, secrets: [{ secret: '' }] })).toEqual({
      ok: false,
      reason: 'no-matching-key',
    });
    expect(verify({ headers: forgedHeaders, secrets: { key_2026_03: '' } })).toEqual({
      ok: false,
      reason: 'no-matching-key',
    });
  });

  it('rejects a timestamp outside the tolerance, in either direction', () => {
    expect(verify({ now: new Date('2026-03-29T01:35:00Z') }).ok).toBe(true);
    expect(verify({ now: new Date('2026-03-29T01:35:01Z') })).toEqual({
      ok: false,
      reason: 'timestamp-outside-tolerance',
    });
    expect(verify({ now: new Date('2026-03-29T01:24:59Z') })).toEqual({
      ok: false,
      reason: 'timestamp-outside-tolerance',
    });
    expect(verify({ now: new Date('2026-03-29T01:31:00Z'), toleranceSeconds: 30 })).toEqual({
      ok: false,
      reason: 'timestamp-outside-tolerance',
    });
  });

  it('explains missing or malformed headers', () => {
    expect(verify({ headers: {} })).toEqual({ ok: false, reason: 'missing-timestamp' });
    expect(verify({ headers: { [TIMESTAMP_HEADER]: '17747478OO' } })).toEqual({
      ok: false,
      reason: 'invalid-timestamp',
    });
    expect(
      verify({ headers: { [TIMESTAMP_HEADER]: README_EXAMPLE.timestamp, [IDEMPOTENCY_KEY_HEADER]: 'occ' } }),
    ).toEqual({
      ok: false,
      reason: 'missing-signature',
    });
    expect(verify({ headers: { ...headers, [SIGNATURE_HEADER]: 'sha256=abc' } })).toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
  });

  it('says when no signature is from a key it knows', () => {
    expect(verify({ secrets: [{ id: 'key_1999', secret: 'x' }] })).toEqual({ ok: false, reason: 'no-matching-key' });
  });

  it('reads header names in any case, arrays of values, and fetch Headers', () => {
    const lowerCase = {
      'cronwise-timestamp': headers[TIMESTAMP_HEADER],
      'cronwise-signature': [headers[SIGNATURE_HEADER]],
      'idempotency-key': request.idempotencyKey,
      other: undefined,
    };
    expect(verify({ headers: lowerCase }).ok).toBe(true);
    expect(verify({ headers: new Headers(headers) }).ok).toBe(true);
    expect(verify({ headers: new Headers({ [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER] }) })).toEqual({
      ok: false,
      reason: 'missing-timestamp',
    });
  });
});

describe('parseSignatureHeader', () => {
  const hex = 'a'.repeat(64);

  it('reads several v2 entries and skips other versions, v1 included', () => {
    expect(parseSignatureHeader(`v1=k0:${hex}, v3=k:zz, v2=k1:${hex},v2=k2:${hex.toUpperCase()}`)).toEqual([
      { keyId: 'k1', hex },
      { keyId: 'k2', hex },
    ]);
  });

  it('is null when no well-formed v2 entry is present', () => {
    expect(parseSignatureHeader('v2=k1:abc')).toBeNull();
    expect(parseSignatureHeader(`v2=:${hex}`)).toBeNull();
    expect(parseSignatureHeader(`v1=k1:${hex}`)).toBeNull();
    expect(parseSignatureHeader('')).toBeNull();
  });
});

describe('signingKeysInForce', () => {
  const now = new Date('2026-03-29T00:00:00Z');

  it('signs with the previous key until its grace period ends', () => {
    const ring = { current, previous: { ...previous, graceUntil: new Date('2026-04-05T00:00:00Z') } };
    expect(signingKeysInForce(ring, now)).toEqual([current, previous]);
    expect(signingKeysInForce(ring, new Date('2026-04-05T00:00:00Z'))).toEqual([current]);
  });

  it('has no keys without a current key, so signing fails closed', () => {
    expect(signingKeysInForce({ current: null }, now)).toEqual([]);
  });

  it('never lists the same key twice', () => {
    expect(
      signingKeysInForce({ current, previous: { ...current, graceUntil: new Date('2027-01-01T00:00:00Z') } }, now),
    ).toEqual([current]);
  });
});
