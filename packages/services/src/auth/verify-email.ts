import { findUserById, normaliseEmail, type UserRecord, updateUser, withTransaction } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { redeemAccountToken } from './account-tokens';
import { type ClientInfo, type IssuedSession, issueSession } from './sessions';
import { sendVerificationMail } from './sign-up';
import { throttleAnonymous } from './throttle-anonymous';

/**
 * Opens a verification link: the address is confirmed and the person holding the link (who
 * controls the mailbox) is signed in. A link for an address the account no longer has is refused.
 */
export async function verifyEmail(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  token: string,
  client: ClientInfo = {},
): Promise<{ user: UserRecord } & IssuedSession> {
  const user = await withTransaction(deps.db, async (tx) => {
    const redeemed = await redeemAccountToken({ db: tx, clock: deps.clock }, token, 'verify-email');
    const found = await findUserById(tx, redeemed.userId);
    if (!found || normaliseEmail(found.email) !== normaliseEmail(redeemed.email)) {
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        'this link was sent to an address the account no longer uses; ask for a new verification e-mail',
        { issues: [{ path: ['token'], message: 'address changed' }] },
      );
    }
    if (found.emailVerifiedAt) return found;
    return updateUser(tx, found.id, { emailVerifiedAt: deps.clock.now() });
  });
  return { user, ...(await issueSession(deps, user.id, client)) };
}

/** Mails a fresh verification link to the signed-in user's address (throttled like sign-up). */
export async function resendVerificationMail(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'rateLimits' | 'accountMail'>,
  actor: Actor,
  client: ClientInfo = {},
): Promise<{ email: string; isAlreadyVerified: boolean }> {
  const user = await findUserById(deps.db, actor.userId);
  if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'your account no longer exists; sign up again');
  if (user.emailVerifiedAt) return { email: user.email, isAlreadyVerified: true };
  await throttleAnonymous(deps, 'verification-mail', client, user.email);
  await sendVerificationMail(deps, user);
  return { email: user.email, isAlreadyVerified: false };
}

/** Keys and OAuth links need a confirmed address: the account must belong to the mailbox's owner. */
export async function assertEmailVerified(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Pick<Actor, 'userId' | 'email'>,
  action: string,
): Promise<void> {
  const user = await findUserById(deps.db, actor.userId);
  if (user?.emailVerifiedAt) return;
  throw new AppError(
    ErrorCode.FORBIDDEN,
    `confirm your e-mail address before you ${action}: open the link we sent to ${actor.email}, or ask for a new one (auth.resendVerification)`,
  );
}
