import {
  DEFAULT_OAUTH_ENDPOINTS,
  DEFAULT_RATE_LIMITS,
  type OAuthSettings,
  type RateLimitSettings,
} from '@cronwise/services';
import type { ServerEnvironment } from './env';

/** What the HTTP layer needs beyond the service dependencies, derived once from the environment. */
export interface HttpSettings {
  publicUrl: string;
  allowedOrigins: string[];
  /** Secure cookies (HTTPS only) whenever PUBLIC_URL is https, and always in production. */
  isSecureCookie: boolean;
  oauth: OAuthSettings;
  /** Fastify's trustProxy from TRUST_PROXY; false (the default) ignores X-Forwarded-* headers. */
  trustProxy?: boolean | string;
}

export function httpSettingsFrom(env: ServerEnvironment): HttpSettings {
  const publicOrigin = new URL(env.PUBLIC_URL).origin;
  const extraOrigins = env.ALLOWED_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const oauth: OAuthSettings = {};
  if (env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET) {
    const defaults = DEFAULT_OAUTH_ENDPOINTS.github;
    oauth.github = {
      clientId: env.GITHUB_CLIENT_ID,
      clientSecret: env.GITHUB_CLIENT_SECRET,
      authorizationEndpoint: env.GITHUB_AUTHORIZATION_URL ?? defaults.authorizationEndpoint,
      tokenEndpoint: env.GITHUB_TOKEN_URL ?? defaults.tokenEndpoint,
      userInfoEndpoint: env.GITHUB_USER_URL ?? defaults.userInfoEndpoint,
      emailsEndpoint: env.GITHUB_EMAILS_URL ?? defaults.emailsEndpoint ?? '',
      scopes: defaults.scopes,
    };
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    const defaults = DEFAULT_OAUTH_ENDPOINTS.google;
    oauth.google = {
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      authorizationEndpoint: env.GOOGLE_AUTHORIZATION_URL ?? defaults.authorizationEndpoint,
      tokenEndpoint: env.GOOGLE_TOKEN_URL ?? defaults.tokenEndpoint,
      userInfoEndpoint: env.GOOGLE_USERINFO_URL ?? defaults.userInfoEndpoint,
      scopes: defaults.scopes,
    };
  }
  return {
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ''),
    allowedOrigins: [...new Set([publicOrigin, ...extraOrigins])],
    isSecureCookie: env.NODE_ENV === 'production' || new URL(env.PUBLIC_URL).protocol === 'https:',
    oauth,
    trustProxy: env.TRUST_PROXY,
  };
}

export function rateLimitsFrom(env: ServerEnvironment): RateLimitSettings {
  return {
    ...DEFAULT_RATE_LIMITS,
    perUser: { limit: env.RATE_LIMIT_PER_USER_PER_MINUTE, windowMs: 60_000 },
    perApiKey: { limit: env.RATE_LIMIT_PER_API_KEY_PER_MINUTE, windowMs: 60_000 },
  };
}
