import { createUser, findUserByEmail, type UserRecord } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { ServiceDependencies } from '../dependencies';
import { assertAcceptablePassword, hashPassword } from './password';
import { type ClientInfo, type IssuedSession, issueSession } from './sessions';

export interface SignUpInput {
  email: string;
  password: string;
  name?: string;
}

export async function signUp(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  input: SignUpInput,
  client: ClientInfo = {},
): Promise<{ user: UserRecord } & IssuedSession> {
  assertAcceptablePassword(input.password);
  if (await findUserByEmail(deps.db, input.email)) {
    throw new AppError(ErrorCode.CONFLICT, 'an account with this e-mail address already exists; log in instead', {
      issues: [{ path: ['email'], message: 'already registered' }],
    });
  }
  const passwordHash = await hashPassword(input.password);
  const user = await createUser(deps.db, { email: input.email, name: input.name ?? '', passwordHash }).catch(
    (error: unknown) => {
      // Two sign-ups racing for one address: the unique index decides.
      if (isUniqueViolation(error)) {
        throw new AppError(ErrorCode.CONFLICT, 'an account with this e-mail address already exists; log in instead');
      }
      throw error;
    },
  );
  return { user, ...(await issueSession(deps, user.id, client)) };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
