import { findUserCredentialsByEmail, normaliseEmail, type UserRecord } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { ServiceDependencies } from '../dependencies';
import { consumeRateLimit } from '../rate-limits/consume-rate-limit';
import { spendPasswordVerificationTime, verifyPassword } from './password';
import { type ClientInfo, type IssuedSession, issueSession } from './sessions';

const WRONG_CREDENTIALS = 'the e-mail address or the password is wrong; check both, or reset your password';

export async function logIn(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'rateLimits'>,
  input: { email: string; password: string },
  client: ClientInfo = {},
): Promise<{ user: UserRecord } & IssuedSession> {
  const email = normaliseEmail(input.email);
  await consumeRateLimit(deps, `login:${email}`, deps.rateLimits.login, { isEnforced: true });
  const found = await findUserCredentialsByEmail(deps.db, email);
  if (!found?.passwordHash) {
    await spendPasswordVerificationTime(input.password);
    throw new AppError(
      ErrorCode.UNAUTHENTICATED,
      found
        ? 'this account signs in with GitHub or Google; use that button, or set a password there'
        : WRONG_CREDENTIALS,
    );
  }
  if (!(await verifyPassword(found.passwordHash, input.password))) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, WRONG_CREDENTIALS);
  }
  const { passwordHash: _hash, ...user } = found;
  return { user, ...(await issueSession(deps, user.id, client)) };
}
