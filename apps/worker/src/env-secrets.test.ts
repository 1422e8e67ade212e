import { describe, expect, it } from 'vitest';
import { loadWorkerEnvironment } from './env';

const DATABASE_URL = 'postgresql://postgres@db.example.com:5432/cronwise';

describe('worker encryption secret', () => {
  it.each(['development', 'production', undefined])(
    'refuses to start against a database without ENCRYPTION_SECRET (NODE_ENV %s), naming the variable',
    (nodeEnv) => {
      expect(() => loadWorkerEnvironment({ DATABASE_URL, NODE_ENV: nodeEnv })).toThrow(
        /ENCRYPTION_SECRET: is required \(it is not set\)/,
      );
    },
  );

  it('decrypts with the previous secret after a rotation and refuses a broad allowlist', () => {
    const env = loadWorkerEnvironment({
      DATABASE_URL,
      ENCRYPTION_SECRET: 'n'.repeat(40),
      ENCRYPTION_SECRET_PREVIOUS: 'o'.repeat(40),
    });
    expect(env.encryptionSecrets).toEqual({ current: 'n'.repeat(40), previous: ['o'.repeat(40)] });
    expect(() =>
      loadWorkerEnvironment({ DATABASE_URL, ENCRYPTION_SECRET: 'n'.repeat(40), TARGET_ALLOWLIST: '*.com' }),
    ).toThrow(/TARGET_ALLOWLIST: .*too broad/);
  });
});
