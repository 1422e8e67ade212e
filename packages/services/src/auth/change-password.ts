import { deleteSessionsForUser, findUserCredentialsByEmail, updateUser, withTransaction } from '@cronwise/db';
import { AppError, ErrorCode, issue, validationError } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { assertAcceptablePassword, hashPassword, verifyPassword } from './password';
import { type ClientInfo, type IssuedSession, issueSession } from './sessions';

/**
 * Sets a new password and signs the user out everywhere: every session (the current one too) is
 * invalidated and a fresh session is issued to the caller. Only a signed-in person may do this,
 * never an API key (a key must not turn into a login), and only with the current password;
 * an account without one (GitHub or Google sign-in) sets its first password by a reset e-mail.
 */
export async function changePassword(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  actor: Actor,
  input: { currentPassword?: string; newPassword: string },
  client: ClientInfo = {},
): Promise<IssuedSession> {
  if (actor.credential.kind !== 'session') {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      'an API key cannot change a password; sign in to the Cronwise app and change it there',
    );
  }
  assertAcceptablePassword(input.newPassword, ['newPassword']);
  const credentials = await findUserCredentialsByEmail(deps.db, actor.email);
  if (!credentials) throw new AppError(ErrorCode.UNAUTHENTICATED, 'your account no longer exists; sign up again');
  if (!credentials.passwordHash) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      'this account has no password yet; use "Forgot password" to get a link by e-mail and set one there',
    );
  }
  if (!input.currentPassword) {
    throw validationError([issue(['currentPassword'], 'enter your current password to set a new one')]);
  }
  if (!(await verifyPassword(credentials.passwordHash, input.currentPassword))) {
    throw new AppError(ErrorCode.FORBIDDEN, 'the current password is wrong; nothing was changed', {
      issues: [{ path: ['currentPassword'], message: 'does not match' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await withTransaction(deps.db, async (tx) => {
    await updateUser(tx, actor.userId, { passwordHash });
    await deleteSessionsForUser(tx, actor.userId);
  });
  return issueSession(deps, actor.userId, client);
}
