import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for secrets we must be able to read back (signing secrets,
 * secret request headers): AES-256-GCM, key derived from the deployment's
 * encryption secret. Format: `v1.<iv>.<tag>.<ciphertext>`, each base64url.
 */
const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;

function deriveKey(encryptionSecret: string): Buffer {
  return createHash('sha256').update(`cronwise-secret-box:${encryptionSecret}`).digest();
}

export function encryptSecret(plaintext: string, encryptionSecret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(encryptionSecret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT_VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function isEncryptedSecret(value: string): boolean {
  return value.startsWith(`${FORMAT_VERSION}.`) && value.split('.').length === 4;
}

export function decryptSecret(sealed: string, encryptionSecret: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== FORMAT_VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('not an encrypted secret (expected v1.<iv>.<tag>.<ciphertext>)');
  }
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(encryptionSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
