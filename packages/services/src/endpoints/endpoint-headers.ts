import { issue, type ValidationIssue } from '@cronwise/domain';
import { decryptSecret, type EncryptionSecrets, encryptSecret, isEncryptedSecret } from '../secrets/secret-box';

/**
 * An endpoint's request headers, their one home: how they are stored (`endpoints.headers`, secret
 * values as AES-GCM ciphertext), validated, masked for people (the API, run snapshots) and
 * opened for the request the engine sends.
 */

/** How a request header is stored in `endpoints.headers`; secret values are AES-GCM ciphertext. */
export interface StoredHeader {
  name: string;
  value: string;
  isSecret: boolean;
}

export interface HeaderInput {
  name: string;
  value: string;
  isSecret?: boolean;
}

/** What people see instead of a secret value (API, run snapshots); sent back unchanged, it keeps the stored value. */
export const MASKED_SECRET_VALUE = '********';
export const MAX_HEADERS = 50;
export const MAX_HEADER_VALUE_BYTES = 8 * 1024;
export const MAX_HEADERS_TOTAL_BYTES = 32 * 1024;

const HEADER_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const RESERVED_HEADER_NAMES = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te']);
const SECRET_NAME_PATTERN = /^(authorization|proxy-authorization|cookie)$|token|key|secret/i;

/** Authorization, Cookie and any name containing token, key or secret are always secret. */
export function isSecretHeaderName(name: string): boolean {
  return SECRET_NAME_PATTERN.test(name);
}

export function readStoredHeaders(json: unknown): StoredHeader[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { name, value, isSecret } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || typeof value !== 'string') return [];
    return [{ name, value, isSecret: isSecret === true }];
  });
}

/** Validates header input and encrypts secret values; a masked value keeps the stored secret of that name. */
export function prepareHeaders(
  input: readonly HeaderInput[],
  existing: readonly StoredHeader[],
  encryptionSecret: EncryptionSecrets,
): { ok: true; headers: StoredHeader[] } | { ok: false; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  if (input.length > MAX_HEADERS) issues.push(issue(['headers'], `use at most ${MAX_HEADERS} headers`));
  const seen = new Set<string>();
  let totalBytes = 0;
  const headers: StoredHeader[] = [];
  for (const [index, header] of input.entries()) {
    const lower = header.name.toLowerCase();
    if (!HEADER_NAME_PATTERN.test(header.name)) {
      issues.push(
        issue(['headers', index, 'name'], `'${header.name}' is not a valid header name (letters, digits, - and _)`),
      );
    } else if (RESERVED_HEADER_NAMES.has(lower) || lower.startsWith('cronwise-')) {
      issues.push(issue(['headers', index, 'name'], `'${header.name}' is set by Cronwise itself; remove it`));
    } else if (seen.has(lower)) {
      issues.push(issue(['headers', index, 'name'], `'${header.name}' appears twice; keep one`));
    }
    seen.add(lower);
    if (/[\r\n\0]/.test(header.value)) {
      issues.push(issue(['headers', index, 'value'], 'must not contain line breaks or NUL characters'));
    }
    const valueBytes = Buffer.byteLength(header.value, 'utf8');
    if (valueBytes > MAX_HEADER_VALUE_BYTES) {
      issues.push(issue(['headers', index, 'value'], `is ${valueBytes} bytes; the limit is ${MAX_HEADER_VALUE_BYTES}`));
    }
    totalBytes += valueBytes + Buffer.byteLength(header.name, 'utf8');
    const isSecret = header.isSecret === true || isSecretHeaderName(header.name);
    if (isSecret && header.value === MASKED_SECRET_VALUE) {
      const kept = existing.find((stored) => stored.isSecret && stored.name.toLowerCase() === lower);
      if (!kept) {
        issues.push(
          issue(
            ['headers', index, 'value'],
            `send the real value; '${MASKED_SECRET_VALUE}' only keeps an existing secret`,
          ),
        );
      } else {
        headers.push({ name: header.name, value: kept.value, isSecret: true });
      }
      continue;
    }
    headers.push({
      name: header.name,
      value: isSecret ? encryptSecret(header.value, encryptionSecret) : header.value,
      isSecret,
    });
  }
  if (totalBytes > MAX_HEADERS_TOTAL_BYTES) {
    issues.push(issue(['headers'], `headers total ${totalBytes} bytes; the limit is ${MAX_HEADERS_TOTAL_BYTES}`));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, headers };
}

/** Headers as people see them: secret values replaced by the mask. */
export function maskHeaders(json: unknown): StoredHeader[] {
  return readStoredHeaders(json).map((header) =>
    header.isSecret ? { ...header, value: MASKED_SECRET_VALUE } : header,
  );
}

/**
 * The headers the engine sends, by lower-case name, secret values decrypted. A secret that no
 * configured key opens is left out rather than sent as ciphertext.
 */
export function requestHeadersOf(json: unknown, encryptionSecret: EncryptionSecrets): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of readStoredHeaders(json)) {
    let value = header.value;
    if (header.isSecret && isEncryptedSecret(value)) {
      try {
        value = decryptSecret(value, encryptionSecret);
      } catch {
        continue;
      }
    }
    headers[header.name.toLowerCase()] = value;
  }
  return headers;
}

/** Lower-case names of the headers stored as secret (they never follow a redirect to another origin). */
export function secretHeaderNamesOf(json: unknown): Set<string> {
  return new Set(
    readStoredHeaders(json)
      .filter((header) => header.isSecret)
      .map((header) => header.name.toLowerCase()),
  );
}
