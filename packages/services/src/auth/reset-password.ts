import {
  createAuditEntry,
  deleteSessionsForUser,
  findUserByEmail,
  findUserById,
  normaliseEmail,
  revokeApiKeysOfUser,
  updateUser,
  withTransaction,
} from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { ServiceDependencies } from '../dependencies';
import { passwordResetMail } from './account-mail';
import { accountLink, issueAccountToken, redeemAccountToken } from './account-tokens';
import { assertAcceptablePassword, hashPassword } from './password';
import type { ClientInfo } from './sessions';
import { RESET_PASSWORD_PATH } from './sign-up';
import { throttleAnonymous } from './throttle-anonymous';

/**
 * Mails a reset link when the address has an account, and answers the same either way. Accounts
 * that sign in with GitHub or Google use this to set their first password.
 */
export async function requestPasswordReset(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'rateLimits' | 'accountMail'>,
  input: { email: string },
  client: ClientInfo = {},
): Promise<{ email: string; resetSent: true }> {
  const email = normaliseEmail(input.email);
  await throttleAnonymous(deps, 'password-reset', client, email);
  const user = await findUserByEmail(deps.db, email);
  if (user) {
    const token = await issueAccountToken(deps, { userId: user.id, email: user.email, purpose: 'reset-password' });
    await deps.accountMail.mailer.send(
      passwordResetMail(user.email, accountLink(deps.accountMail.publicUrl, RESET_PASSWORD_PATH, token)),
    );
  }
  return { email, resetSent: true };
}

/**
 * Sets a new password from a reset link and signs the account out everywhere. The link proves
 * control of the mailbox, so it also confirms the address; if the account was unconfirmed, whoever
 * created it may not be the mailbox's owner, so its API keys are revoked too.
 */
export async function resetPassword(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  input: { token: string; newPassword: string },
): Promise<{ email: string }> {
  assertAcceptablePassword(input.newPassword, ['newPassword']);
  const passwordHash = await hashPassword(input.newPassword);
  return withTransaction(deps.db, async (tx) => {
    const redeemed = await redeemAccountToken({ db: tx, clock: deps.clock }, input.token, 'reset-password');
    const user = await findUserById(tx, redeemed.userId);
    if (!user || normaliseEmail(user.email) !== normaliseEmail(redeemed.email)) {
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        'this link was sent to an address the account no longer uses; ask for a new reset e-mail',
        { issues: [{ path: ['token'], message: 'address changed' }] },
      );
    }
    const now = deps.clock.now();
    const wasUnverified = user.emailVerifiedAt === null;
    await updateUser(tx, user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now });
    await deleteSessionsForUser(tx, user.id);
    const revokedKeys = wasUnverified ? await revokeApiKeysOfUser(tx, user.id, now) : 0;
    await createAuditEntry(tx, {
      userId: user.id,
      action: 'password.reset',
      targetType: 'user',
      targetId: user.id,
      details: { via: 'reset-link', claimedUnverifiedAccount: wasUnverified, revokedKeys },
    });
    return { email: user.email };
  });
}
