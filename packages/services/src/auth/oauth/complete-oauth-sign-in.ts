import {
  createAuditEntry,
  createOAuthAccount,
  createUser,
  deleteSessionsForUser,
  type Executor,
  findOAuthAccountWithUser,
  findUserByEmail,
  revokeApiKeysOfUser,
  type UserRecord,
  updateUser,
  withTransaction,
} from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import { OAuth2Client, OAuth2RequestError } from 'arctic';
import type { ServiceDependencies } from '../../dependencies';
import { type ClientInfo, type IssuedSession, issueSession } from '../sessions';
import { fetchOAuthProfile } from './fetch-oauth-profile';
import type { OAuthProfile, OAuthProviderConfig, OAuthProviderName } from './oauth-providers';

export interface CompleteOAuthSignInInput {
  provider: OAuthProviderName;
  config: OAuthProviderConfig;
  redirectUri: string;
  code: string;
  codeVerifier: string;
}

/**
 * Finishes the authorization-code flow: exchanges the code (with the PKCE verifier), reads the
 * profile, then signs in the linked user, links the account to the user with the same verified
 * e-mail address, or creates a user. An address the provider has not verified never links to an
 * existing account, since anyone can type someone else's address at a provider. An existing
 * account whose address Cronwise never confirmed is *claimed*: the provider proves who owns the
 * mailbox, so whoever created that account (perhaps not the owner) loses the password, its
 * sessions and its API keys.
 */
export async function completeOAuthSignIn(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  input: CompleteOAuthSignInInput,
  client: ClientInfo = {},
): Promise<{ user: UserRecord; isNewUser: boolean } & IssuedSession> {
  const oauth = new OAuth2Client(input.config.clientId, input.config.clientSecret, input.redirectUri);
  let accessToken: string;
  try {
    const tokens = await oauth.validateAuthorizationCode(input.config.tokenEndpoint, input.code, input.codeVerifier);
    accessToken = tokens.accessToken();
  } catch (error) {
    if (error instanceof OAuth2RequestError) {
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        `the sign-in provider rejected the authorization (${error.code}); start the sign-in again`,
      );
    }
    throw new AppError(ErrorCode.UNAVAILABLE, 'the sign-in provider could not be reached; try again', undefined, {
      cause: error,
    });
  }
  const profile = await fetchOAuthProfile(input.provider, input.config, accessToken);
  if (!profile.providerUserId) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'the sign-in provider returned no user id; start the sign-in again');
  }
  const { user, isNewUser } = await findOrLinkUser(deps, input.provider, profile);
  return { user, isNewUser, ...(await issueSession(deps, user.id, client)) };
}

async function findOrLinkUser(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  provider: OAuthProviderName,
  profile: OAuthProfile,
): Promise<{ user: UserRecord; isNewUser: boolean }> {
  const linked = await findOAuthAccountWithUser(deps.db, provider, profile.providerUserId);
  if (linked) return { user: linked.user, isNewUser: false };
  const email = profile.verifiedEmail;
  if (!email) {
    throw new AppError(
      ErrorCode.UNAUTHENTICATED,
      `your ${provider === 'github' ? 'GitHub' : 'Google'} account has no verified e-mail address; verify one there, then sign in again`,
    );
  }
  return withTransaction(deps.db, async (tx) => {
    const existing = await findUserByEmail(tx, email);
    const now = deps.clock.now();
    const user = existing
      ? existing.emailVerifiedAt
        ? existing
        : await claimUnverifiedAccount(tx, existing, { provider, now })
      : await createUser(tx, { email, name: profile.name, emailVerifiedAt: now });
    await createOAuthAccount(tx, { provider, providerUserId: profile.providerUserId, userId: user.id, email });
    return { user, isNewUser: !existing };
  });
}

async function claimUnverifiedAccount(
  tx: Executor,
  user: UserRecord,
  context: { provider: OAuthProviderName; now: Date },
): Promise<UserRecord> {
  const claimed = await updateUser(tx, user.id, { passwordHash: null, emailVerifiedAt: context.now });
  await deleteSessionsForUser(tx, user.id);
  const revokedKeys = await revokeApiKeysOfUser(tx, user.id, context.now);
  await createAuditEntry(tx, {
    userId: user.id,
    action: 'account.claimed',
    targetType: 'user',
    targetId: user.id,
    details: { via: context.provider, revokedKeys, removedPassword: true },
  });
  return claimed;
}
