import { type SqlExecutor, type SqlPool, withSqlTransaction } from '../sql';
import type { Executor, Transaction } from '../transaction';
import { uuidv7 } from './uuidv7';

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

/** The engine's read: keys in force for a batch of users, on the engine's pg pool. */
export interface SigningKeyRow {
  userId: string;
  keyId: string;
  secretEncrypted: string;
  state: 'current' | 'previous' | 'retired';
  graceExpiresAt: Date | null;
}

export async function findSigningKeys(sql: SqlExecutor, userIds: string[]): Promise<SigningKeyRow[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql.query<SigningKeyRow>(
    `SELECT "userId", "keyId", "secretEncrypted", state::text AS state, "graceExpiresAt"
       FROM signing_keys WHERE "userId" = ANY($1::uuid[]) AND state IN ('current', 'previous')`,
    [userIds],
  );
  return rows;
}

/**
 * Creates a user's first signing key. Workers racing on a new account are
 * serialised by a per-user advisory lock, and the existence check runs after
 * the lock (a fresh snapshot), so an account never gets two current keys.
 */
export async function insertCurrentSigningKey(
  pool: SqlPool,
  key: { userId: string; keyId: string; secretEncrypted: string; nowMs: number },
): Promise<void> {
  await withSqlTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('signing-key:' || $1, 0))`, [key.userId]);
    await client.query(
      `INSERT INTO signing_keys (id, "userId", "keyId", "secretEncrypted", state)
       SELECT $1::uuid, $2::uuid, $3, $4, 'current'
        WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE "userId" = $2::uuid AND state = 'current')`,
      [uuidv7(key.nowMs), key.userId, key.keyId, key.secretEncrypted],
    );
  });
}
