import {
  findUserById,
  findUserCredentialsById,
  normaliseEmail,
  type UserRecord,
  updateUser,
  withTransaction,
} from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { peekAccountToken, redeemAccountToken } from './account-tokens';
import { verifyPassword } from './password';
import { type ClientInfo, type IssuedSession, issueSession } from './sessions';
import { sendVerificationMail } from './sign-up';
import { throttleAnonymous } from './throttle-anonymous';

/**
 * Opens a verification link. It takes the account's password as well as the link: the link proves
 * control of the mailbox, the password proves this is the person who signed up. Someone who opens
 * a link for a sign-up they did not make therefore cannot confirm a squatter's account. The link is
 * used up only when both match; then the address is confirmed and the person is signed in.
 */
export async function verifyEmail(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'rateLimits'>,
  input: { token: string; password: string },
  client: ClientInfo = {},
): Promise<{ user: UserRecord } & IssuedSession> {
  const pending = await peekAccountToken(deps, input.token, 'verify-email');
  const credentials = await findUserCredentialsById(deps.db, pending.userId);
  if (!credentials || normaliseEmail(credentials.email) !== normaliseEmail(pending.email)) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'this link was sent to an address the account no longer uses; ask for a new verification e-mail',
      { issues: [{ path: ['token'], message: 'address changed' }] },
    );
  }
  await throttleAnonymous(deps, 'log-in', client, credentials.email);
  if (credentials.passwordHash && !(await verifyPassword(credentials.passwordHash, input.password))) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'the password does not match the account this link confirms; enter the password you signed up with',
      { issues: [{ path: ['password'], message: 'does not match' }] },
    );
  }
  const user = await withTransaction(deps.db, async (tx) => {
    const redeemed = await redeemAccountToken({ db: tx, clock: deps.clock }, input.token, 'verify-email');
    const found = await findUserById(tx, redeemed.userId);
    if (!found) throw new AppError(ErrorCode.UNAUTHENTICATED, 'the account no longer exists; sign up again');
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
