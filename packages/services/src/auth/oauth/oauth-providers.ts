export const OAUTH_PROVIDERS = ['github', 'google'] as const;
export type OAuthProviderName = (typeof OAUTH_PROVIDERS)[number];

/** One provider's client registration and endpoints; tests point the endpoints at a local server. */
export interface OAuthProviderConfig {
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** GitHub: the user API; Google: the OpenID Connect userinfo endpoint. */
  userInfoEndpoint: string;
  /** GitHub only: lists the user's addresses with their verification state. */
  emailsEndpoint?: string;
  scopes: string[];
}

export type OAuthSettings = Partial<Record<OAuthProviderName, OAuthProviderConfig>>;

export const DEFAULT_OAUTH_ENDPOINTS: Record<
  OAuthProviderName,
  Omit<OAuthProviderConfig, 'clientId' | 'clientSecret'>
> = {
  github: {
    authorizationEndpoint: 'https://github.com/login/oauth/authorize',
    tokenEndpoint: 'https://github.com/login/oauth/access_token',
    userInfoEndpoint: 'https://api.github.com/user',
    emailsEndpoint: 'https://api.github.com/user/emails',
    scopes: ['read:user', 'user:email'],
  },
  google: {
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    userInfoEndpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
    scopes: ['openid', 'email', 'profile'],
  },
};

export function isOAuthProviderName(value: string): value is OAuthProviderName {
  return (OAUTH_PROVIDERS as readonly string[]).includes(value);
}

/** What Cronwise needs from a provider's profile. */
export interface OAuthProfile {
  providerUserId: string;
  /** The address the provider says the user verified; null when there is none. */
  verifiedEmail: string | null;
  name: string;
}
