import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client } from 'arctic';
import type { OAuthProviderConfig } from './oauth-providers';

export interface OAuthAuthorization {
  /** Where to send the browser. */
  url: URL;
  /** Kept in short-lived HttpOnly cookies and compared on the callback. */
  state: string;
  codeVerifier: string;
}

/** Builds the provider's authorization URL with a random state and a PKCE (S256) challenge. */
export function startOAuthSignIn(config: OAuthProviderConfig, redirectUri: string): OAuthAuthorization {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
  const url = client.createAuthorizationURLWithPKCE(
    config.authorizationEndpoint,
    state,
    CodeChallengeMethod.S256,
    codeVerifier,
    config.scopes,
  );
  return { url, state, codeVerifier };
}
