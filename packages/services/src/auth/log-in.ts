import { findUserCredentialsByEmail, normaliseEmail, type UserRecord } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { ServiceDependencies } from '../dependencies';
import { spendPasswordVerificationTime, verifyPassword } from './password';
import { type ClientInfo, type IssuedSession, issueSession } from './sessions';
import { throttleAnonymous } from './throttle-anonymous';

/**
 * One message for every failure (unknown address, no password, wrong password), and the same
 * time spent on each, so log-in never tells whether an address has an account.
 */
export const WRONG_CREDENTIALS =
  'the e-mail address or the password is wrong; check both, or reset your password (accounts that use GitHub or Google set one there)';

export async function logIn(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'rateLimits'>,
  input: { email: string; password: string },
  client: ClientInfo = {},
): Promise<{ user: UserRecord } & IssuedSession> {
  const email = normaliseEmail(input.email);
  await throttleAnonymous(deps, 'log-in', client, email);
  const found = await findUserCredentialsByEmail(deps.db, email);
  if (!found?.passwordHash) {
    await spendPasswordVerificationTime(input.password);
    throw new AppError(ErrorCode.UNAUTHENTICATED, WRONG_CREDENTIALS);
  }
  if (!(await verifyPassword(found.passwordHash, input.password))) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, WRONG_CREDENTIALS);
  }
  const { passwordHash: _hash, ...user } = found;
  return { user, ...(await issueSession(deps, user.id, client)) };
}
