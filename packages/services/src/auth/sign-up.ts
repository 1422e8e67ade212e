import { createUser, findUserByEmail, normaliseEmail, type UserRecord } from '@cronwise/db';
import type { ServiceDependencies } from '../dependencies';
import { alreadyRegisteredMail, verificationMail } from './account-mail';
import { accountLink, issueAccountToken } from './account-tokens';
import { assertAcceptablePassword, hashPassword } from './password';
import type { ClientInfo } from './sessions';
import { throttleAnonymous } from './throttle-anonymous';

export interface SignUpInput {
  email: string;
  password: string;
  name?: string;
}

/** The same answer whether or not the address has an account: sign-up never reveals that. */
export interface SignUpResult {
  email: string;
  verificationSent: true;
}

export const VERIFY_EMAIL_PATH = '/auth/verify-email';
export const RESET_PASSWORD_PATH = '/auth/reset-password';

type SignUpDeps = Pick<ServiceDependencies, 'db' | 'clock' | 'rateLimits' | 'accountMail'>;

/**
 * Creates an unverified account and mails a confirmation link; no session is issued until the
 * mailbox's owner opens it. An address that already has an account gets a mail saying so (with a
 * link to reset the password) and the caller gets the very same answer, so nobody can probe which
 * addresses are registered. Both paths hash the password, so they also take the same time.
 */
export async function signUp(deps: SignUpDeps, input: SignUpInput, client: ClientInfo = {}): Promise<SignUpResult> {
  assertAcceptablePassword(input.password);
  const email = normaliseEmail(input.email);
  await throttleAnonymous(deps, 'sign-up', client, email);
  const passwordHash = await hashPassword(input.password);
  const existing = await findUserByEmail(deps.db, email);
  if (existing) {
    await mailExistingAccount(deps, existing);
    return { email, verificationSent: true };
  }
  let user: UserRecord;
  try {
    user = await createUser(deps.db, { email, name: input.name ?? '', passwordHash });
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides, the loser is told by mail.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findUserByEmail(deps.db, email);
    if (winner) await mailExistingAccount(deps, winner);
    return { email, verificationSent: true };
  }
  await sendVerificationMail(deps, user);
  return { email, verificationSent: true };
}

export async function sendVerificationMail(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'accountMail'>,
  user: Pick<UserRecord, 'id' | 'email'>,
): Promise<void> {
  const token = await issueAccountToken(deps, { userId: user.id, email: user.email, purpose: 'verify-email' });
  const link = accountLink(deps.accountMail.publicUrl, VERIFY_EMAIL_PATH, token);
  await deps.accountMail.mailer.send(verificationMail(user.email, link));
}

async function mailExistingAccount(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'accountMail'>,
  user: Pick<UserRecord, 'id' | 'email' | 'emailVerifiedAt'>,
): Promise<void> {
  const token = await issueAccountToken(deps, { userId: user.id, email: user.email, purpose: 'reset-password' });
  const link = accountLink(deps.accountMail.publicUrl, RESET_PASSWORD_PATH, token);
  await deps.accountMail.mailer.send(alreadyRegisteredMail(user.email, link, user.emailVerifiedAt !== null));
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
