import { randomBytes } from 'node:crypto';
import { findSigningKeys, insertCurrentSigningKey, type SqlPool } from '@cronwise/db';
import { type SigningKey, signingKeysInForce } from '@cronwise/domain';
import { decryptSecret, type EncryptionSecrets, encryptSecret } from '../secrets/secret-box';

/** A fresh key: a public id for the header and a random secret, encrypted at rest. */
export function newSigningKey(encryptionSecret: EncryptionSecrets): { keyId: string; secretEncrypted: string } {
  return {
    keyId: `key_${randomBytes(9).toString('base64url')}`,
    secretEncrypted: encryptSecret(`whsec_${randomBytes(32).toString('base64url')}`, encryptionSecret),
  };
}

/**
 * The signing keys in force for each user: the current key and, during a
 * rotation's grace period, the previous one. A user without a key gets one on
 * first use, so every request can be signed; decryption failure means no key,
 * and the dispatcher then fails closed.
 */
export async function loadSigningKeyRings(
  sql: SqlPool,
  userIds: string[],
  options: { encryptionSecret: EncryptionSecrets; now: Date },
): Promise<Map<string, SigningKey[]>> {
  const unique = [...new Set(userIds)];
  let rows = await findSigningKeys(sql, unique);
  const missing = unique.filter((userId) => !rows.some((row) => row.userId === userId && row.state === 'current'));
  if (missing.length > 0) {
    for (const userId of missing) {
      await insertCurrentSigningKey(sql, {
        userId,
        ...newSigningKey(options.encryptionSecret),
        nowMs: options.now.getTime(),
      });
    }
    rows = await findSigningKeys(sql, unique);
  }
  const rings = new Map<string, SigningKey[]>();
  for (const userId of unique) {
    const current = rows.find((row) => row.userId === userId && row.state === 'current');
    const previous = rows.find((row) => row.userId === userId && row.state === 'previous');
    const open = (sealed: string) => {
      try {
        return decryptSecret(sealed, options.encryptionSecret);
      } catch {
        return null;
      }
    };
    const currentSecret = current ? open(current.secretEncrypted) : null;
    const previousSecret = previous ? open(previous.secretEncrypted) : null;
    rings.set(
      userId,
      signingKeysInForce(
        {
          current: current && currentSecret ? { id: current.keyId, secret: currentSecret } : null,
          previous:
            previous && previousSecret && previous.graceExpiresAt
              ? { id: previous.keyId, secret: previousSecret, graceUntil: previous.graceExpiresAt }
              : null,
        },
        options.now,
      ),
    );
  }
  return rings;
}

/** How long a worker reuses a user's decrypted key ring before reading it again. */
export const SIGNING_KEY_CACHE_MS = 60_000;

interface CachedRing {
  keys: SigningKey[];
  loadedAtMs: number;
}

/**
 * The hot path's view of the key rings, one per engine (an injected collaborator of
 * EngineDependencies, built by createEngineDependencies): each user's ring is cached for a minute,
 * so a steady stream of batches costs no key query at all. A rotation reaches the cache within a
 * minute; meanwhile the previous key, which keeps co-signing through its grace period, still
 * verifies.
 */
export class SigningKeyCache {
  private readonly rings = new Map<string, CachedRing>();

  constructor(
    private readonly sql: SqlPool,
    private readonly encryptionSecret: EncryptionSecrets,
    private readonly maxAgeMs = SIGNING_KEY_CACHE_MS,
  ) {}

  async ringsFor(userIds: string[], now: Date): Promise<Map<string, SigningKey[]>> {
    const nowMs = now.getTime();
    const unique = [...new Set(userIds)];
    const stale = unique.filter((userId) => {
      const cached = this.rings.get(userId);
      return !cached || nowMs - cached.loadedAtMs > this.maxAgeMs || nowMs < cached.loadedAtMs;
    });
    if (stale.length > 0) {
      const fresh = await loadSigningKeyRings(this.sql, stale, { encryptionSecret: this.encryptionSecret, now });
      for (const [userId, keys] of fresh) this.rings.set(userId, { keys, loadedAtMs: nowMs });
    }
    return new Map(unique.map((userId) => [userId, this.rings.get(userId)?.keys ?? []]));
  }
}
