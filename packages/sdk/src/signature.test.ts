import { describe, expect, it } from 'vitest';
import { verifySignature } from './signature';

// The worked example of the signature scheme (packages/domain/README.md, "Request signatures").
const EXAMPLE = {
  method: 'POST',
  url: 'https://api.example.com/hooks/cronwise?source=cron',
  body: '{"event":"tick","endpoint":"ep_123"}',
  headers: {
    'cronwise-timestamp': '1774747800',
    'idempotency-key': '0195e1c4-6a80-7000-8000-000000000001',
    'cronwise-signature':
      'v2=key_2026_03:ec95c75911acefe4b300b7983ee6f734cb6a78f42ef1a6df876a90c3bd2465fb, v2=key_2025_12:3fe4c64cf3a3e4869ce547714303a8926fc0fa9778939d9ce9e8da11bc542782',
  },
};
const AT_SIGNING = { now: new Date('2026-03-29T01:30:00Z') };
const CURRENT_SECRET = 'whsec_current_5f1b2c';
const PREVIOUS_SECRET = 'whsec_previous_9a8d7e';

describe('verifySignature', () => {
  it('accepts the documented example with the current secret', async () => {
    await expect(verifySignature(EXAMPLE, CURRENT_SECRET, AT_SIGNING)).resolves.toEqual({
      ok: true,
      keyId: 'key_2026_03',
    });
  });

  it('accepts it with only the previous secret during a rotation', async () => {
    await expect(verifySignature(EXAMPLE, { key_2025_12: PREVIOUS_SECRET }, AT_SIGNING)).resolves.toEqual({
      ok: true,
      keyId: 'key_2025_12',
    });
  });

  it('reads a fetch Request and leaves its body readable', async () => {
    const request = new Request(EXAMPLE.url, { method: 'POST', headers: EXAMPLE.headers, body: EXAMPLE.body });
    await expect(verifySignature(request, [PREVIOUS_SECRET, CURRENT_SECRET], AT_SIGNING)).resolves.toMatchObject({
      ok: true,
    });
    await expect(request.text()).resolves.toBe(EXAMPLE.body);
  });

  it('accepts the body as bytes, and a URL with a fragment or upper-case host', async () => {
    const bytes = new TextEncoder().encode(EXAMPLE.body);
    const url = 'https://API.example.com/hooks/cronwise?source=cron#ignored';
    await expect(verifySignature({ ...EXAMPLE, url, body: bytes }, CURRENT_SECRET, AT_SIGNING)).resolves.toMatchObject({
      ok: true,
    });
  });

  it('rejects a changed body, method, URL or Idempotency-Key (a replay posing as a new occurrence)', async () => {
    for (const changed of [
      { ...EXAMPLE, headers: { ...EXAMPLE.headers, 'idempotency-key': '0195e1c4-6a80-7000-8000-000000000002' } },
      { ...EXAMPLE, body: '{"event":"tick","endpoint":"ep_124"}' },
      { ...EXAMPLE, method: 'PUT' },
      { ...EXAMPLE, url: 'https://api.example.com/hooks/cronwise?source=manual' },
    ]) {
      await expect(verifySignature(changed, CURRENT_SECRET, AT_SIGNING)).resolves.toEqual({
        ok: false,
        reason: 'signature-mismatch',
      });
    }
  });

  it('rejects a wrong secret, and a key id it holds no secret for', async () => {
    await expect(verifySignature(EXAMPLE, 'whsec_wrong', AT_SIGNING)).resolves.toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
    await expect(verifySignature(EXAMPLE, { key_other: CURRENT_SECRET }, AT_SIGNING)).resolves.toEqual({
      ok: false,
      reason: 'no-matching-key',
    });
  });

  it('rejects replays outside the tolerance, in either direction', async () => {
    const later = { now: new Date('2026-03-29T01:35:01Z') };
    const earlier = { now: new Date('2026-03-29T01:24:59Z') };
    for (const options of [later, earlier]) {
      await expect(verifySignature(EXAMPLE, CURRENT_SECRET, options)).resolves.toEqual({
        ok: false,
        reason: 'timestamp-outside-tolerance',
      });
    }
    await expect(verifySignature(EXAMPLE, CURRENT_SECRET, { ...later, toleranceSeconds: 600 })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('names what is missing or malformed', async () => {
    const withHeaders = (headers: Record<string, string>) => ({ ...EXAMPLE, headers });
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'cronwise-signature': EXAMPLE.headers['cronwise-signature'] }, 'missing-timestamp'],
      [{ ...EXAMPLE.headers, 'cronwise-timestamp': '17747478OO' }, 'invalid-timestamp'],
      [{ 'cronwise-timestamp': '1774747800', 'cronwise-signature': 'v2=key:abc' }, 'missing-idempotency-key'],
      [{ 'cronwise-timestamp': '1774747800', 'idempotency-key': 'occ' }, 'missing-signature'],
      [
        {
          'cronwise-timestamp': '1774747800',
          'idempotency-key': 'occ',
          'cronwise-signature': 'v2=key:abc, sha256=xyz',
        },
        'malformed-signature',
      ],
    ];
    for (const [headers, reason] of cases) {
      await expect(verifySignature(withHeaders(headers), CURRENT_SECRET, AT_SIGNING)).resolves.toEqual({
        ok: false,
        reason,
      });
    }
  });

  it('ignores entries of other scheme versions next to a valid v2 entry', async () => {
    const headers = {
      ...EXAMPLE.headers,
      'cronwise-signature': `v3=key_2026_03:deadbeef, ${EXAMPLE.headers['cronwise-signature']}`,
    };
    await expect(verifySignature({ ...EXAMPLE, headers }, CURRENT_SECRET, AT_SIGNING)).resolves.toMatchObject({
      ok: true,
    });
  });

  it('does not accept scheme v1, which left the Idempotency-Key unsigned', async () => {
    const v1Only = {
      ...EXAMPLE,
      headers: {
        ...EXAMPLE.headers,
        'cronwise-signature': 'v1=key_2026_03:b657ead135e6cb5c225f9a6e68230b0c252c369db50e8e90f49c7707fff4c9d9',
      },
    };
    await expect(verifySignature(v1Only, CURRENT_SECRET, AT_SIGNING)).resolves.toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
  });
});
