/**
 * Verifying Cronwise's signed requests (scheme v2) on the receiving side. Cronwise sends
 *
 *   Cronwise-Timestamp: <unix seconds>
 *   Idempotency-Key: <occurrence id>
 *   Cronwise-Signature: v2=<keyId>:<hex>[, v2=<keyId>:<hex>]
 *
 * where hex = HMAC-SHA256(secret, "v2\n" + timestamp + "\n" + METHOD + "\n" + URL + "\n" +
 * Idempotency-Key + "\n" + hex(SHA-256(body))). The idempotency key is signed, so a replayed
 * request cannot pose as a new occurrence. During a key rotation both the current and the
 * previous key sign, so a receiver may hold either secret. Web Crypto only: runs on Node 20+,
 * Deno, Bun and edge runtimes.
 */

export const TIMESTAMP_HEADER = 'Cronwise-Timestamp';
export const SIGNATURE_HEADER = 'Cronwise-Signature';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A received request in plain form, e.g. from Node's `http` server or Express. */
export interface ReceivedRequest {
  method: string;
  /** The absolute URL Cronwise called (behind a proxy: the public URL, not the internal one). */
  url: string;
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The raw body bytes as received, before any JSON parsing. */
  body: string | Uint8Array | ArrayBuffer | null | undefined;
}

/**
 * The signing secrets you accept: one secret, several (e.g. during a rotation), secrets with
 * their key ids, or a map from key id to secret.
 */
export type SigningSecrets =
  | string
  | ReadonlyArray<string | { id?: string; secret: string }>
  | Readonly<Record<string, string>>;

export interface VerifyOptions {
  /** The current time; defaults to the system clock. */
  now?: Date | number;
  /** How far the timestamp may be from `now`, either way (replay protection). Default 300. */
  toleranceSeconds?: number;
}

export type VerificationFailureReason =
  | 'missing-timestamp'
  | 'invalid-timestamp'
  | 'timestamp-outside-tolerance'
  | 'missing-idempotency-key'
  | 'missing-signature'
  | 'malformed-signature'
  | 'no-matching-key'
  | 'signature-mismatch';

export type VerificationResult = { ok: true; keyId: string } | { ok: false; reason: VerificationFailureReason };

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SIGNATURE_ENTRY_PATTERN = /^\s*v2=([^:\s]+):([0-9a-fA-F]{64})\s*$/;
const encoder = new TextEncoder();

/**
 * Checks that a request really comes from Cronwise and was not altered or replayed. Pass a
 * fetch `Request` (its body is read from a clone, so you can still read it) or the parts of a
 * received request. Resolves to `{ ok: true, keyId }` or `{ ok: false, reason }`.
 */
export async function verifySignature(
  request: Request | ReceivedRequest,
  secrets: SigningSecrets,
  options: VerifyOptions = {},
): Promise<VerificationResult> {
  const received = isFetchRequest(request)
    ? {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: new Uint8Array(await request.clone().arrayBuffer()),
      }
    : request;

  const timestamp = readHeader(received.headers, TIMESTAMP_HEADER);
  if (timestamp === null) return { ok: false, reason: 'missing-timestamp' };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'invalid-timestamp' };
  const nowMs = options.now === undefined ? Date.now() : new Date(options.now).getTime();
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: 'timestamp-outside-tolerance' };
  }
  const idempotencyKey = readHeader(received.headers, IDEMPOTENCY_KEY_HEADER);
  if (idempotencyKey === null || idempotencyKey === '') return { ok: false, reason: 'missing-idempotency-key' };
  const header = readHeader(received.headers, SIGNATURE_HEADER);
  if (header === null) return { ok: false, reason: 'missing-signature' };
  const signatures = parseSignatures(header);
  if (signatures.length === 0) return { ok: false, reason: 'malformed-signature' };

  const payload = encoder.encode(
    [
      'v2',
      timestamp,
      received.method.toUpperCase(),
      normalizeUrl(received.url),
      idempotencyKey,
      await sha256Hex(toBytes(received.body)),
    ].join('\n'),
  );
  let hasCandidate = false;
  for (const signature of signatures) {
    for (const secret of listSecrets(secrets)) {
      if (secret.id !== undefined && secret.id !== signature.keyId) continue;
      hasCandidate = true;
      if (await hmacMatches(secret.secret, payload, signature.bytes)) return { ok: true, keyId: signature.keyId };
    }
  }
  return { ok: false, reason: hasCandidate ? 'signature-mismatch' : 'no-matching-key' };
}

function isFetchRequest(value: Request | ReceivedRequest): value is Request {
  return typeof (value as Request).clone === 'function' && typeof (value as Request).arrayBuffer === 'function';
}

function readHeader(headers: ReceivedRequest['headers'], name: string): string | null {
  if (typeof (headers as Headers).get === 'function') {
    const value = (headers as Headers).get(name);
    return value === null ? null : value.trim();
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return (Array.isArray(value) ? value.join(', ') : value).trim();
  }
  return null;
}

/** Well-formed v2 entries; other versions (v1 did not sign the idempotency key) are skipped. */
function parseSignatures(header: string): Array<{ keyId: string; bytes: Uint8Array<ArrayBuffer> }> {
  const signatures: Array<{ keyId: string; bytes: Uint8Array<ArrayBuffer> }> = [];
  for (const entry of header.split(',')) {
    const match = SIGNATURE_ENTRY_PATTERN.exec(entry);
    const keyId = match?.[1];
    const hex = match?.[2];
    if (keyId && hex && KEY_ID_PATTERN.test(keyId)) signatures.push({ keyId, bytes: hexToBytes(hex) });
  }
  return signatures;
}

/** Every secret as `{ id?, secret }`; empty secrets never sign, so they are dropped. */
function listSecrets(secrets: SigningSecrets): Array<{ id?: string; secret: string }> {
  let listed: Array<{ id?: string; secret: string }>;
  if (typeof secrets === 'string') listed = [{ secret: secrets }];
  else if (Array.isArray(secrets)) {
    listed = (secrets as ReadonlyArray<string | { id?: string; secret: string }>).map((entry) =>
      typeof entry === 'string' ? { secret: entry } : entry,
    );
  } else listed = Object.entries(secrets as Record<string, string>).map(([id, secret]) => ({ id, secret }));
  return listed.filter((entry) => entry.secret !== '');
}

/** The URL as the WHATWG parser serialises it (lower-case host, default port dropped), without fragment. */
function normalizeUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

function toBytes(body: ReceivedRequest['body']): Uint8Array<ArrayBuffer> {
  if (body === null || body === undefined) return new Uint8Array(0);
  if (typeof body === 'string') return encoder.encode(body);
  return new Uint8Array(body instanceof ArrayBuffer ? body.slice(0) : body);
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

/** Web Crypto's HMAC verify compares in constant time. */
async function hmacMatches(
  secret: string,
  payload: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  return crypto.subtle.verify('HMAC', key, signature, payload);
}
