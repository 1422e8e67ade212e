import type { Executor, Transaction } from '../transaction';

export interface SigningKeyRecord {
  keyId: string;
  secretEncrypted: string;
  state: 'current' | 'previous' | 'retired';
  graceExpiresAt: Date | null;
  createdAt: Date;
}

const signingKeySelect = {
  keyId: true,
  secretEncrypted: true,
  state: true,
  graceExpiresAt: true,
  createdAt: true,
} as const;

/** The user's current key and, during a rotation's grace period, the previous one. */
export function findSigningKeysInForce(db: Executor, userId: string): Promise<SigningKeyRecord[]> {
  return db.signingKey.findMany({
    where: { userId, state: { in: ['current', 'previous'] } },
    select: signingKeySelect,
    orderBy: { createdAt: 'desc' },
  });
}

/**
 * Rotation: the current key becomes the previous one until `graceUntil` (both
 * sign meanwhile), an older previous key is retired, and `next` becomes current.
 *
 * Runs under the user's signing-key lock (the one the first key's creation takes), so two
 * concurrent rotations, or a rotation racing the first use, queue up: each statement below
 * then sees the other's committed keys and there is never more than one current key.
 */
export async function rotateSigningKey(
  db: Transaction,
  userId: string,
  next: { keyId: string; secretEncrypted: string },
  graceUntil: Date,
): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`signing-key:${userId}`}, 0))`;
  await db.signingKey.updateMany({ where: { userId, state: 'previous' }, data: { state: 'retired' } });
  await db.signingKey.updateMany({
    where: { userId, state: 'current' },
    data: { state: 'previous', graceExpiresAt: graceUntil },
  });
  await db.signingKey.create({
    data: { userId, keyId: next.keyId, secretEncrypted: next.secretEncrypted, state: 'current' },
  });
}
