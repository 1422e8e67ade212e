import { ERROR_CODE_TABLE } from '@cronwise/api';
import { isAppError } from '@cronwise/domain';
import {
  completeOAuthSignIn,
  isOAuthProviderName,
  type OAuthProviderName,
  type ServiceDependencies,
  startOAuthSignIn,
} from '@cronwise/services';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { setSessionCookie } from './session-cookie';
import type { HttpSettings } from './settings';

const STATE_COOKIE = 'cronwise_oauth_state';
const VERIFIER_COOKIE = 'cronwise_oauth_verifier';
const OAUTH_COOKIE_MAX_AGE_SECONDS = 10 * 60;
const PROVIDER_LABEL: Record<OAuthProviderName, string> = { github: 'GitHub', google: 'Google' };

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ code, message, httpStatus: status });
}

/**
 * OAuth sign-in (authorization code + PKCE, state in a short-lived HttpOnly cookie):
 * GET /auth/oauth/:provider redirects to the provider; its callback signs the user in and
 * redirects home. An unconfigured provider answers 404 with what to set.
 */
export function registerOAuthRoutes(app: FastifyInstance, services: ServiceDependencies, settings: HttpSettings): void {
  const cookieOptions = (path: string) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: settings.isSecureCookie,
    path,
    maxAge: OAUTH_COOKIE_MAX_AGE_SECONDS,
  });

  function configured(provider: string) {
    if (!isOAuthProviderName(provider)) return null;
    const config = settings.oauth[provider];
    return config ? { provider, config } : null;
  }

  function notConfigured(reply: FastifyReply, provider: string) {
    const name = isOAuthProviderName(provider) ? PROVIDER_LABEL[provider] : provider;
    const variable = provider.toUpperCase();
    return sendError(
      reply,
      404,
      'NOT_FOUND',
      isOAuthProviderName(provider)
        ? `${name} sign-in is not configured on this server; set ${variable}_CLIENT_ID and ${variable}_CLIENT_SECRET`
        : `unknown sign-in provider '${provider}'; use github or google`,
    );
  }

  app.get<{ Params: { provider: string } }>('/auth/oauth/:provider', async (request, reply) => {
    const found = configured(request.params.provider);
    if (!found) return notConfigured(reply, request.params.provider);
    const callbackPath = `/auth/oauth/${found.provider}/callback`;
    const authorization = startOAuthSignIn(found.config, `${settings.publicUrl}${callbackPath}`);
    reply.setCookie(STATE_COOKIE, authorization.state, cookieOptions(callbackPath));
    reply.setCookie(VERIFIER_COOKIE, authorization.codeVerifier, cookieOptions(callbackPath));
    return reply.redirect(authorization.url.toString(), 302);
  });

  app.get<{ Params: { provider: string }; Querystring: { code?: string; state?: string; error?: string } }>(
    '/auth/oauth/:provider/callback',
    async (request, reply) => {
      const found = configured(request.params.provider);
      if (!found) return notConfigured(reply, request.params.provider);
      const callbackPath = `/auth/oauth/${found.provider}/callback`;
      const expectedState = request.cookies[STATE_COOKIE];
      const codeVerifier = request.cookies[VERIFIER_COOKIE];
      reply.clearCookie(STATE_COOKIE, { path: callbackPath });
      reply.clearCookie(VERIFIER_COOKIE, { path: callbackPath });
      if (request.query.error) {
        return sendError(
          reply,
          401,
          'UNAUTHENTICATED',
          `${PROVIDER_LABEL[found.provider]} refused the sign-in (${request.query.error}); try again`,
        );
      }
      const { code, state } = request.query;
      if (!code || !state || !expectedState || !codeVerifier || state !== expectedState) {
        return sendError(
          reply,
          400,
          'VALIDATION_FAILED',
          'the sign-in link is invalid or expired; start the sign-in again',
        );
      }
      try {
        const result = await completeOAuthSignIn(
          services,
          {
            provider: found.provider,
            config: found.config,
            redirectUri: `${settings.publicUrl}${callbackPath}`,
            code,
            codeVerifier,
          },
          { userAgent: request.headers['user-agent'] ?? null, ipAddress: request.ip },
        );
        setSessionCookie(reply, result.token, result.session.expiresAt, settings.isSecureCookie);
        return reply.redirect('/', 302);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const { httpStatus } = ERROR_CODE_TABLE[error.code];
        return sendError(reply, httpStatus, error.code, error.message);
      }
    },
  );
}
