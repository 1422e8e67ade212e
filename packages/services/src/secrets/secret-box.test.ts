import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  encryptionKeyId,
  encryptSecret,
  isEncryptedSecret,
  needsReencryption,
  sealedKeyId,
} from './secret-box';

describe('secret box', () => {
  it('round-trips a secret and never stores the plaintext', () => {
    const sealed = encryptSecret('whsec_very-secret', 'deployment-key');
    expect(sealed).not.toContain('very-secret');
    expect(isEncryptedSecret(sealed)).toBe(true);
    expect(decryptSecret(sealed, 'deployment-key')).toBe('whsec_very-secret');
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same', 'k')).not.toBe(encryptSecret('same', 'k'));
  });

  it('refuses to decrypt with the wrong key or a tampered ciphertext', () => {
    const sealed = encryptSecret('secret', 'right-key');
    expect(() => decryptSecret(sealed, 'wrong-key')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), 'right-key')).toThrow();
    expect(() => decryptSecret('plain text', 'right-key')).toThrow(/not an encrypted secret/);
  });

  it('names the encryption secret inside the ciphertext, so a rotation knows which secret opens it', () => {
    const sealed = encryptSecret('whsec_x', 'old-secret');
    expect(sealedKeyId(sealed)).toBe(encryptionKeyId('old-secret'));
    expect(sealed).not.toContain('old-secret');
    const rotated = { current: 'new-secret', previous: ['old-secret'] };
    expect(decryptSecret(sealed, rotated)).toBe('whsec_x');
    expect(needsReencryption(sealed, rotated)).toBe(true);
    const resealed = encryptSecret('whsec_x', rotated);
    expect(sealedKeyId(resealed)).toBe(encryptionKeyId('new-secret'));
    expect(needsReencryption(resealed, rotated)).toBe(false);
  });

  it('says which key is missing when neither secret opens a value', () => {
    const sealed = encryptSecret('whsec_x', 'lost-secret');
    expect(() => decryptSecret(sealed, { current: 'new-secret', previous: ['old-secret'] })).toThrow(
      `encrypted with key ${encryptionKeyId('lost-secret')}, which is neither ENCRYPTION_SECRET nor ENCRYPTION_SECRET_PREVIOUS`,
    );
  });

  it('still opens values written before key ids, with the current or the previous secret', () => {
    // The v1 layout: v1.<iv>.<tag>.<ciphertext>, key sha256("cronwise-secret-box:" + secret).
    const key = createHash('sha256').update('cronwise-secret-box:old-secret').digest();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update('legacy', 'utf8'), cipher.final()]);
    const legacy = ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
    expect(isEncryptedSecret(legacy)).toBe(true);
    expect(decryptSecret(legacy, { current: 'new-secret', previous: ['old-secret'] })).toBe('legacy');
    expect(needsReencryption(legacy, 'old-secret')).toBe(true);
  });
});
