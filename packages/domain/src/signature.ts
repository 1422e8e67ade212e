import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, ErrorCode, issue, validationError } from './errors';

/**
 * Request signatures, scheme "v2" (documented byte for byte in this package's README):
 *
 *   Cronwise-Timestamp: <unix seconds>
 *   Idempotency-Key: <occurrence id>
 *   Cronwise-Signature: v2=<keyId>:<hex>[, v2=<keyId>:<hex>]
 *
 *   signed string = "v2\n" + timestamp + "\n" + METHOD + "\n" + URL + "\n" + Idempotency-Key
 *                   + "\n" + hex(SHA-256(body))
 *   hex           = lowercase hex of HMAC-SHA256(key = UTF-8 bytes of the secret, signed string)
 *
 * The Idempotency-Key is signed so that a captured request replayed within the tolerance
 * cannot pose as a new occurrence with a fresh key (v1 left it out). During key rotation the
 * request carries one signature per key in force (current and previous), so receivers can
 * switch secrets at their own pace within the grace period.
 */
export const TIMESTAMP_HEADER = 'Cronwise-Timestamp';
export const SIGNATURE_HEADER = 'Cronwise-Signature';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const SIGNATURE_VERSION = 'v2';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HEX_SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** Printable ASCII without spaces: a header value that cannot split the signed string's lines. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface SigningKey {
  id: string;
  secret: string;
}

export type RequestBody = string | Uint8Array | null | undefined;

export interface SignRequestInput {
  method: string;
  url: string;
  /** Exactly the bytes that will be sent; a string is encoded as UTF-8. */
  body: RequestBody;
  /** Keys in force, current first. Empty fails closed with SIGNING_KEY_MISSING. */
  keys: readonly SigningKey[];
  /** The Idempotency-Key header sent with the request (the occurrence id); it is signed. */
  idempotencyKey: string;
  now: Date;
}

export type SignatureHeaders = { [TIMESTAMP_HEADER]: string; [SIGNATURE_HEADER]: string };

export function signRequest(input: SignRequestInput): SignatureHeaders {
  if (input.keys.length === 0) {
    throw new AppError(
      ErrorCode.SIGNING_KEY_MISSING,
      'no signing key is configured, so the request was not sent; create a signing key and retry',
    );
  }
  const seenIds = new Set<string>();
  for (const [index, key] of input.keys.entries()) {
    if (!KEY_ID_PATTERN.test(key.id)) {
      throw validationError([
        issue(['keys', index, 'id'], `key id '${key.id}' must be 1-64 characters of A-Z, a-z, 0-9, _ or -`),
      ]);
    }
    if (seenIds.has(key.id)) throw validationError([issue(['keys', index, 'id'], `key id '${key.id}' appears twice`)]);
    if (key.secret.length === 0) throw validationError([issue(['keys', index, 'secret'], 'secret must not be empty')]);
    seenIds.add(key.id);
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(input.idempotencyKey)) {
    throw validationError([
      issue(['idempotencyKey'], 'the idempotency key must be 1-255 printable ASCII characters without spaces'),
    ]);
  }
  const timestamp = String(Math.floor(input.now.getTime() / 1000));
  const payload = signedString({
    timestamp,
    method: input.method,
    url: input.url,
    idempotencyKey: input.idempotencyKey,
    body: input.body,
  });
  const signatures = input.keys.map((key) => `${SIGNATURE_VERSION}=${key.id}:${hmacHex(key.secret, payload)}`);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signatures.join(', ') };
}

/**
 * The exact string that is signed. Exposed for documentation tests and for receivers written
 * in TypeScript; the URL is normalised by the WHATWG URL parser (lower-case host, percent-
 * encoding, no fragment) because that is the form the request is sent with.
 */
export function signedString(parts: {
  timestamp: string;
  method: string;
  url: string;
  idempotencyKey: string;
  body: RequestBody;
}): string {
  return [
    SIGNATURE_VERSION,
    parts.timestamp,
    parts.method.toUpperCase(),
    normalizeSignedUrl(parts.url),
    parts.idempotencyKey,
    bodySha256Hex(parts.body),
  ].join('\n');
}

export function normalizeSignedUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

export function bodySha256Hex(body: RequestBody): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}

function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** Headers as a plain object (any case, Node style) or anything with `get` (fetch Headers). */
export type HeadersInput = Record<string, string | string[] | undefined> | { get(name: string): string | null };

export type VerificationSecrets = ReadonlyArray<{ id?: string; secret: string }> | Readonly<Record<string, string>>;

export interface VerifySignatureInput {
  method: string;
  url: string;
  body: RequestBody;
  headers: HeadersInput;
  /** Secrets to accept. With an id, a secret is tried only against signatures of that key id. */
  secrets: VerificationSecrets;
  now: Date;
  toleranceSeconds?: number;
}

export type VerificationFailure =
  | 'missing-timestamp'
  | 'invalid-timestamp'
  | 'timestamp-outside-tolerance'
  | 'missing-idempotency-key'
  | 'missing-signature'
  | 'malformed-signature'
  | 'no-matching-key'
  | 'signature-mismatch';

export type VerificationResult = { ok: true; keyId: string } | { ok: false; reason: VerificationFailure };

export function verifySignature(input: VerifySignatureInput): VerificationResult {
  const timestamp = readHeader(input.headers, TIMESTAMP_HEADER);
  if (timestamp === null) return { ok: false, reason: 'missing-timestamp' };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'invalid-timestamp' };
  const toleranceSeconds = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(input.now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: 'timestamp-outside-tolerance' };
  }
  const idempotencyKey = readHeader(input.headers, IDEMPOTENCY_KEY_HEADER);
  if (idempotencyKey === null || idempotencyKey === '') return { ok: false, reason: 'missing-idempotency-key' };
  const header = readHeader(input.headers, SIGNATURE_HEADER);
  if (header === null) return { ok: false, reason: 'missing-signature' };
  const signatures = parseSignatureHeader(header);
  if (signatures === null) return { ok: false, reason: 'malformed-signature' };

  const secrets = normalizeSecrets(input.secrets);
  const payload = signedString({ timestamp, method: input.method, url: input.url, idempotencyKey, body: input.body });
  let hasCandidateKey = false;
  for (const signature of signatures) {
    for (const secret of secrets) {
      if (secret.id !== undefined && secret.id !== signature.keyId) continue;
      hasCandidateKey = true;
      const expected = Buffer.from(hmacHex(secret.secret, payload), 'hex');
      const received = Buffer.from(signature.hex, 'hex');
      if (timingSafeEqual(expected, received)) return { ok: true, keyId: signature.keyId };
    }
  }
  return { ok: false, reason: hasCandidateKey ? 'signature-mismatch' : 'no-matching-key' };
}

interface ParsedSignature {
  keyId: string;
  hex: string;
}

/**
 * `v2=<keyId>:<hex>` entries separated by commas. Entries of other versions (v1 included, which
 * did not sign the idempotency key) are skipped, so a future scheme can be sent alongside v2;
 * null when no well-formed v2 entry is present.
 */
export function parseSignatureHeader(header: string): ParsedSignature[] | null {
  const signatures: ParsedSignature[] = [];
  for (const entry of header.split(',')) {
    const match = /^\s*v2=([^:\s]+):([0-9a-fA-F]+)\s*$/.exec(entry);
    if (match === null) continue;
    const keyId = match[1] ?? '';
    const hex = (match[2] ?? '').toLowerCase();
    if (KEY_ID_PATTERN.test(keyId) && HEX_SHA256_PATTERN.test(hex)) signatures.push({ keyId, hex });
  }
  return signatures.length === 0 ? null : signatures;
}

function readHeader(headers: HeadersInput, name: string): string | null {
  if (typeof headers.get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(name);
    return value === null ? null : value.trim();
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return (Array.isArray(value) ? value.join(', ') : value).trim();
  }
  return null;
}

/**
 * Empty secrets are dropped: anyone can compute an HMAC keyed with nothing, so a receiver whose
 * secret is unset (an empty environment variable) must never accept a request.
 */
function normalizeSecrets(secrets: VerificationSecrets): Array<{ id?: string; secret: string }> {
  const listed = Array.isArray(secrets)
    ? (secrets as Array<{ id?: string; secret: string }>)
    : Object.entries(secrets as Record<string, string>).map(([id, secret]) => ({ id, secret }));
  return listed.filter((entry) => entry.secret !== '');
}

/**
 * The keys that sign right now: the current key, plus the previous key until its grace period
 * ends, so receivers can move to the new secret without a window of rejected requests.
 */
export function signingKeysInForce(
  ring: { current: SigningKey | null; previous?: (SigningKey & { graceUntil: Date }) | null },
  now: Date,
): SigningKey[] {
  const keys: SigningKey[] = [];
  if (ring.current !== null) keys.push({ id: ring.current.id, secret: ring.current.secret });
  const previous = ring.previous;
  if (previous != null && previous.graceUntil.getTime() > now.getTime() && previous.id !== ring.current?.id) {
    keys.push({ id: previous.id, secret: previous.secret });
  }
  return keys;
}
