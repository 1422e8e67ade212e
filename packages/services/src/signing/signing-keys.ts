import { findSigningKeysInForce, rotateSigningKey as rotateSigningKeyRecord, withTransaction } from '@cronwise/db';
import type { Actor } from '../actor';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { EngineDependencies } from '../engine/contract';
import { loadSigningKeyRings, newSigningKey } from '../engine/signing-keys';
import { decryptSecret } from '../secrets/secret-box';

/** How long the previous key keeps signing after a rotation, so receivers can switch without rejecting requests. */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;
export const MAX_ROTATION_GRACE_HOURS = 24 * 14;

export interface SigningKeyView {
  keyId: string;
  secret: string;
  createdAt: Date;
}

export interface SigningKeyRing {
  current: SigningKeyView;
  previous: (SigningKeyView & { graceExpiresAt: Date }) | null;
}

/**
 * The secrets a receiver needs to verify Cronwise's requests. The account gets
 * its first key on first use, here or at its first signed request.
 */
export async function getSigningKeys(deps: EngineDependencies, actor: Actor): Promise<SigningKeyRing> {
  const now = deps.clock.now();
  await loadSigningKeyRings(deps.sql, [actor.userId], { encryptionSecret: deps.encryptionSecret, now });
  const records = await findSigningKeysInForce(deps.db, actor.userId);
  const open = (record: (typeof records)[number]) => ({
    keyId: record.keyId,
    secret: decryptSecret(record.secretEncrypted, deps.encryptionSecret),
    createdAt: record.createdAt,
  });
  const current = records.find((record) => record.state === 'current');
  if (!current) throw new Error('signing key ring has no current key after creation');
  const previous = records.find(
    (record) => record.state === 'previous' && record.graceExpiresAt && record.graceExpiresAt > now,
  );
  return {
    current: open(current),
    previous: previous?.graceExpiresAt ? { ...open(previous), graceExpiresAt: previous.graceExpiresAt } : null,
  };
}

/** Starts signing with a new key; the old one co-signs until the grace period ends. Audited. */
export async function rotateSigningKey(
  deps: EngineDependencies,
  actor: Actor,
  input: { graceHours?: number } = {},
): Promise<SigningKeyRing> {
  await getSigningKeys(deps, actor);
  const graceUntil = new Date(
    deps.clock.now().getTime() + (input.graceHours ?? DEFAULT_ROTATION_GRACE_HOURS) * 3_600_000,
  );
  const next = newSigningKey(deps.encryptionSecret);
  await withTransaction(deps.db, async (tx) => {
    await rotateSigningKeyRecord(tx, actor.userId, next, graceUntil);
    await recordAuditEntry(tx, actor, {
      action: 'signing-key.rotate',
      targetType: 'signing-key',
      targetId: next.keyId,
      details: { graceUntil: graceUntil.toISOString() },
    });
  });
  return getSigningKeys(deps, actor);
}
