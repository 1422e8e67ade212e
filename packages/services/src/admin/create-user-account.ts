import { createAuditEntry, createUser, findUserByEmail, type UserRecord } from '@cronwise/db';
import { AppError, ErrorCode, type Tier } from '@cronwise/domain';
import { assertAcceptablePassword, hashPassword } from '../auth/password';
import { isUniqueViolation } from '../auth/sign-up';
import type { ServiceDependencies } from '../dependencies';
import { type Operator, operatorDetails } from './operator';

export interface CreateUserAccountInput {
  email: string;
  password: string;
  name?: string;
  /** The plan; the installation's default (free) when omitted. */
  tier?: Tier;
  isAdmin?: boolean;
}

/**
 * An account created by an operator, with the same password rules and hashing as sign-up. The
 * operator vouches for the address, so it counts as confirmed.
 */
export async function createUserAccount(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  operator: Operator,
  input: CreateUserAccountInput,
): Promise<UserRecord> {
  assertAcceptablePassword(input.password);
  const conflict = () =>
    new AppError(ErrorCode.CONFLICT, `a user with the e-mail address ${input.email} already exists`, {
      issues: [{ path: ['email'], message: 'already registered' }],
    });
  if (await findUserByEmail(deps.db, input.email)) throw conflict();
  const user = await createUser(deps.db, {
    email: input.email,
    name: input.name ?? '',
    passwordHash: await hashPassword(input.password),
    emailVerifiedAt: deps.clock.now(),
    role: input.isAdmin ? 'admin' : 'user',
    ...(input.tier ? { tier: input.tier } : {}),
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  });
  await createAuditEntry(deps.db, {
    userId: user.id,
    action: 'user.created',
    targetType: 'user',
    targetId: user.id,
    details: { ...operatorDetails(operator), role: user.role, tier: user.tier },
  });
  return user;
}
