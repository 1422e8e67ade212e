import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, isEncryptedSecret } from './secret-box';

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
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), 'right-key')).toThrow();
    expect(() => decryptSecret('plain text', 'right-key')).toThrow(/not an encrypted secret/);
  });
});
