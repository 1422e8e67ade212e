import type { Executor } from '../transaction';

export type AccountTokenPurpose = 'verify-email' | 'reset-password';

export interface CreateAccountTokenData {
  userId: string;
  purpose: AccountTokenPurpose;
  /** SHA-256 of the token; the token itself only travels in the e-mail. */
  tokenHash: string;
  email: string;
  expiresAt: Date;
}

export async function createAccountToken(db: Executor, data: CreateAccountTokenData): Promise<void> {
  await db.accountToken.create({ data, select: { id: true } });
}

/**
 * Uses a token exactly once: one conditional UPDATE marks it used only if it is unused and not
 * expired, so two clicks racing on the same link cannot both succeed.
 */
export async function consumeAccountToken(
  db: Executor,
  input: { tokenHash: string; purpose: AccountTokenPurpose; now: Date },
): Promise<{ userId: string; email: string } | null> {
  const rows = await db.$queryRaw<Array<{ userId: string; email: string }>>`
    UPDATE "account_tokens" SET "usedAt" = ${input.now}
    WHERE "tokenHash" = ${input.tokenHash} AND "purpose" = ${input.purpose}
      AND "usedAt" IS NULL AND "expiresAt" > ${input.now}
    RETURNING "userId"::text AS "userId", "email"`;
  return rows[0] ?? null;
}

/** A token by its hash, used or not (to check it before use, or to say why it was refused). */
export async function findAccountToken(
  db: Executor,
  tokenHash: string,
): Promise<{ userId: string; email: string; usedAt: Date | null; expiresAt: Date; purpose: string } | null> {
  return db.accountToken.findUnique({
    where: { tokenHash },
    select: { userId: true, email: true, usedAt: true, expiresAt: true, purpose: true },
  });
}

/** A newer link replaces the older ones of the same purpose. */
export async function invalidateAccountTokens(
  db: Executor,
  input: { userId: string; purpose: AccountTokenPurpose; now: Date },
): Promise<void> {
  await db.accountToken.updateMany({
    where: { userId: input.userId, purpose: input.purpose, usedAt: null },
    data: { usedAt: input.now },
  });
}

export async function deleteExpiredAccountTokens(db: Executor, before: Date): Promise<number> {
  const { count } = await db.accountToken.deleteMany({ where: { expiresAt: { lt: before } } });
  return count;
}
