import {
  type AccountTokenPurpose,
  consumeAccountToken,
  createAccountToken,
  type Executor,
  findAccountToken,
  invalidateAccountTokens,
} from '@cronwise/db';
import { AppError, ErrorCode, HOUR_MS } from '@cronwise/domain';
import { generateRandomToken, hashToken } from '../crypto/tokens';
import type { ServiceDependencies } from '../dependencies';

/** How long an e-mailed link works: long enough to find the mail, short enough to be stale soon. */
export const ACCOUNT_TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  'verify-email': 24 * HOUR_MS,
  'reset-password': 1 * HOUR_MS,
};

/** Issues a fresh single-use link token (older unused ones of the same purpose stop working). */
export async function issueAccountToken(
  deps: Pick<ServiceDependencies, 'clock'> & { db: Executor },
  input: { userId: string; email: string; purpose: AccountTokenPurpose },
): Promise<string> {
  const now = deps.clock.now();
  const token = generateRandomToken(32);
  await invalidateAccountTokens(deps.db, { userId: input.userId, purpose: input.purpose, now });
  await createAccountToken(deps.db, {
    userId: input.userId,
    purpose: input.purpose,
    email: input.email,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_LIFETIME_MS[input.purpose]),
  });
  return token;
}

/** Reads a link token without using it up (an unusable one is explained as `redeem` would). */
export async function peekAccountToken(
  deps: Pick<ServiceDependencies, 'clock'> & { db: Executor },
  token: string,
  purpose: AccountTokenPurpose,
): Promise<{ userId: string; email: string }> {
  const found = await findAccountToken(deps.db, hashToken(token.trim()));
  if (found && found.purpose === purpose && !found.usedAt && found.expiresAt > deps.clock.now()) return found;
  throw explainUnusableToken(found, purpose);
}

/** Uses a link token once, or explains why it cannot be used. */
export async function redeemAccountToken(
  deps: Pick<ServiceDependencies, 'clock'> & { db: Executor },
  token: string,
  purpose: AccountTokenPurpose,
): Promise<{ userId: string; email: string }> {
  const tokenHash = hashToken(token.trim());
  const redeemed = await consumeAccountToken(deps.db, { tokenHash, purpose, now: deps.clock.now() });
  if (redeemed) return redeemed;
  throw explainUnusableToken(await findAccountToken(deps.db, tokenHash), purpose);
}

function explainUnusableToken(
  found: { usedAt: Date | null; purpose: string } | null,
  purpose: AccountTokenPurpose,
): AppError {
  const again =
    purpose === 'verify-email' ? 'sign in and ask for a new verification e-mail' : 'ask for a new reset e-mail';
  if (!found || found.purpose !== purpose) {
    return new AppError(
      ErrorCode.VALIDATION_FAILED,
      `this link is not valid; copy the whole link from the e-mail, or ${again}`,
      {
        issues: [{ path: ['token'], message: 'unknown link' }],
      },
    );
  }
  return new AppError(
    ErrorCode.VALIDATION_FAILED,
    found.usedAt ? `this link was already used; ${again}` : `this link has expired; ${again}`,
    { issues: [{ path: ['token'], message: found.usedAt ? 'already used' : 'expired' }] },
  );
}

export function accountLink(publicUrl: string, path: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`;
}
