import { AppError, ErrorCode } from '@cronwise/domain';
import type { OAuthProfile, OAuthProviderConfig, OAuthProviderName } from './oauth-providers';

const PROFILE_TIMEOUT_MS = 10_000;

async function getJson(url: string, accessToken: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      Accept: 'application/json',
      'User-Agent': 'Cronwise',
    },
    signal: AbortSignal.timeout(PROFILE_TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new AppError(
      ErrorCode.UNAVAILABLE,
      `the sign-in provider answered ${response.status} to a profile request; try again`,
    );
  }
  return response.json();
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Reads the provider's profile; GitHub's verified address comes from its e-mails list. */
export async function fetchOAuthProfile(
  provider: OAuthProviderName,
  config: OAuthProviderConfig,
  accessToken: string,
): Promise<OAuthProfile> {
  const profile = asRecord(await getJson(config.userInfoEndpoint, accessToken));
  if (provider === 'google') {
    const email = typeof profile.email === 'string' ? profile.email : null;
    return {
      providerUserId: String(profile.sub ?? ''),
      verifiedEmail: email && profile.email_verified === true ? email : null,
      name: typeof profile.name === 'string' ? profile.name : '',
    };
  }
  let verifiedEmail: string | null = null;
  if (config.emailsEndpoint) {
    const emails = await getJson(config.emailsEndpoint, accessToken);
    const verified = (Array.isArray(emails) ? emails : []).map(asRecord).filter((entry) => entry.verified === true);
    const chosen = verified.find((entry) => entry.primary === true) ?? verified[0];
    verifiedEmail = typeof chosen?.email === 'string' ? chosen.email : null;
  }
  const name = typeof profile.name === 'string' && profile.name ? profile.name : String(profile.login ?? '');
  return { providerUserId: String(profile.id ?? ''), verifiedEmail, name };
}
