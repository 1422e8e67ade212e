import {
  type Actor,
  authenticateApiKey,
  consumeRateLimit,
  type RateLimitState,
  SESSION_COOKIE_NAME,
  type ServiceDependencies,
  validateSessionToken,
} from '@cronwise/services';

export { SESSION_COOKIE_NAME };

/** What the API needs to know about the HTTP request, independent of the web framework. */
export interface RequestInfo {
  method: string;
  /** The Origin header, checked on cookie-authenticated mutations. */
  origin: string | null;
  userAgent: string | null;
  ipAddress: string | null;
  /** `Authorization: Bearer <key>`, if sent. */
  bearerToken: string | null;
  /** The session cookie's token, if sent. */
  sessionToken: string | null;
}

/** How procedures talk back to the HTTP layer: cookies now, headers when the response is built. */
export interface ResponseControls {
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
}

export interface ApiSettings {
  /** Origins whose pages may send cookie-authenticated mutations, e.g. "https://cronwise.example.com". */
  allowedOrigins: string[];
}

export interface Context {
  deps: ServiceDependencies;
  settings: ApiSettings;
  request: RequestInfo;
  response: ResponseControls;
  /** Null when the request carries no valid credential; see `authError`. */
  actor: Actor | null;
  /** Why a credential that was sent was not accepted. */
  authError: string | null;
  /** Set when this client address has sent too many unknown keys or cookies: answered with 429. */
  invalidCredentialLimit: RateLimitState | null;
  /** Headers to add to the response (rate-limit state); filled by middleware, sent by the adapter. */
  responseHeaders: Record<string, string>;
}

/**
 * Authenticates the request: an API key in `Authorization: Bearer` wins over a session cookie.
 * A session in the second half of its life is extended and its cookie re-sent; an expired or
 * unknown session cookie is cleared.
 */
export async function createContext(input: {
  deps: ServiceDependencies;
  settings: ApiSettings;
  request: RequestInfo;
  response: ResponseControls;
}): Promise<Context> {
  const context: Context = {
    ...input,
    actor: null,
    authError: null,
    invalidCredentialLimit: null,
    responseHeaders: {},
  };
  if (input.request.bearerToken !== null) {
    context.actor = await authenticateApiKey(input.deps, input.request.bearerToken);
    if (!context.actor) {
      context.authError = 'the API key is unknown, revoked or expired; create a new key under API keys';
      await countInvalidCredential(context);
    }
    return context;
  }
  if (input.request.sessionToken) {
    const validated = await validateSessionToken(input.deps, input.request.sessionToken);
    if (!validated) {
      input.response.clearSessionCookie();
      context.authError = 'your session has expired; log in again';
      await countInvalidCredential(context);
      return context;
    }
    if (validated.isRenewed) input.response.setSessionCookie(input.request.sessionToken, validated.session.expiresAt);
    const { user, session } = validated;
    context.actor = {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      tier: user.tier,
      isEmailVerified: user.emailVerifiedAt !== null,
      credential: { kind: 'session', sessionId: session.id },
    };
  }
  return context;
}

/**
 * Unknown keys and cookies are counted per client address (in PostgreSQL, so across server
 * processes); past the limit the address gets 429 instead of 401 until the window ends.
 */
async function countInvalidCredential(context: Context): Promise<void> {
  const address = context.request.ipAddress ?? 'unknown';
  const state = await consumeRateLimit(
    context.deps,
    `invalid-credential:${address}`,
    context.deps.rateLimits.invalidCredentials,
  );
  if (!state.isAllowed) context.invalidCredentialLimit = state;
}
