import { findUserByEmail, type UserRecord } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';

/**
 * Who runs an operator tool. Operators act on any account; every change they make is audited
 * with `via` and the operator's name.
 */
export interface Operator {
  via: 'cli';
  /** The operator's login name on the machine that ran the tool. */
  name: string;
}

export function operatorDetails(operator: Operator): { via: string; operator: string } {
  return { via: operator.via, operator: operator.name };
}

/**
 * The user's own actor, for reusing the user-facing use cases (create or revoke an API key) on
 * their behalf. The session id names the operator, so it is never mistaken for a browser session.
 */
export function actingAs(user: UserRecord, operator: Operator): Actor {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    isEmailVerified: user.emailVerifiedAt !== null,
    credential: { kind: 'session', sessionId: `operator:${operator.via}:${operator.name}` },
  };
}

export async function findUserByEmailOrFail(deps: Pick<ServiceDependencies, 'db'>, email: string): Promise<UserRecord> {
  const user = await findUserByEmail(deps.db, email);
  if (!user) {
    throw new AppError(ErrorCode.NOT_FOUND, `no user has the e-mail address ${email}; list users to see who exists`, {
      issues: [{ path: ['email'], message: 'no such user' }],
    });
  }
  return user;
}
