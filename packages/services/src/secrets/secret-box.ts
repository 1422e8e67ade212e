import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for secrets we must be able to read back (signing secrets, secret
 * request headers): AES-256-GCM, key derived from the deployment's encryption secret.
 *
 * Format `v2.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id is a hash of the
 * encryption secret, so after a rotation (ENCRYPTION_SECRET replaced, the old value kept as
 * ENCRYPTION_SECRET_PREVIOUS) each value says which secret opens it, and
 * `pnpm cli secrets:reencrypt` can move everything to the current one. Values written before key
 * ids existed (`v1.<iv>.<tag>.<ciphertext>`) are tried with each secret in turn.
 */
const FORMAT_VERSION = 'v2';
const LEGACY_FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const KEY_ID_LENGTH = 12;

/** The deployment's encryption secret, or after a rotation the current one and those it replaced. */
export type EncryptionSecrets = string | { current: string; previous: readonly string[] };

function currentSecret(secrets: EncryptionSecrets): string {
  return typeof secrets === 'string' ? secrets : secrets.current;
}

function allSecrets(secrets: EncryptionSecrets): string[] {
  return typeof secrets === 'string' ? [secrets] : [secrets.current, ...secrets.previous];
}

function deriveKey(encryptionSecret: string): Buffer {
  return createHash('sha256').update(`cronwise-secret-box:${encryptionSecret}`).digest();
}

/** A short, public name of an encryption secret (it reveals nothing about the secret). */
export function encryptionKeyId(encryptionSecret: string): string {
  return createHash('sha256')
    .update(`cronwise-secret-box-key-id:${encryptionSecret}`)
    .digest('base64url')
    .slice(0, KEY_ID_LENGTH);
}

export function encryptSecret(plaintext: string, secrets: EncryptionSecrets): string {
  const secret = currentSecret(secrets);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT_VERSION, encryptionKeyId(secret), iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function isEncryptedSecret(value: string): boolean {
  const parts = value.split('.');
  return (
    (parts[0] === FORMAT_VERSION && parts.length === 5) || (parts[0] === LEGACY_FORMAT_VERSION && parts.length === 4)
  );
}

/** The key id a sealed value was encrypted with; null for values older than key ids. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts[0] === FORMAT_VERSION && parts.length === 5 ? (parts[1] ?? null) : null;
}

/** True when `sealed` is not yet encrypted with the current secret in the current format. */
export function needsReencryption(sealed: string, secrets: EncryptionSecrets): boolean {
  return sealedKeyId(sealed) !== encryptionKeyId(currentSecret(secrets));
}

function open(secret: string, iv: string, tag: string, ciphertext: string): string {
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

export function decryptSecret(sealed: string, secrets: EncryptionSecrets): string {
  if (!isEncryptedSecret(sealed)) {
    throw new Error('not an encrypted secret (expected v2.<keyId>.<iv>.<tag>.<ciphertext>)');
  }
  const parts = sealed.split('.');
  if (parts[0] === FORMAT_VERSION) {
    const [, keyId, iv = '', tag = '', ciphertext = ''] = parts;
    const secret = allSecrets(secrets).find((candidate) => encryptionKeyId(candidate) === keyId);
    if (secret === undefined) {
      throw new Error(
        `this secret was encrypted with key ${keyId}, which is neither ENCRYPTION_SECRET nor ENCRYPTION_SECRET_PREVIOUS`,
      );
    }
    return open(secret, iv, tag, ciphertext);
  }
  const [, iv = '', tag = '', ciphertext = ''] = parts;
  let lastError: unknown;
  for (const secret of allSecrets(secrets)) {
    try {
      return open(secret, iv, tag, ciphertext);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
