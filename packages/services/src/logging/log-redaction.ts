/**
 * What must never reach a log line, in one place for the server and the worker: credentials in
 * headers, OAuth codes and tokens in query strings, secrets in bodies. The apps build their pino
 * logger from `loggerOptions` (no pino import here: the options are plain data and functions).
 */

import { isSecretHeaderName } from '../endpoints/endpoint-headers';

export const REDACTED = '[redacted]';

/** Beyond the names an endpoint's headers treat as secret: request signatures, sessions, passwords. */
const LOGGED_SECRET_HEADER_NAME = /cookie|signature|session|password|passwd|credential|auth/i;

/** Query parameters that carry OAuth codes, tokens or keys. */
const SECRET_QUERY_PARAMETERS = new Set([
  'code',
  'state',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  'client_secret',
  'api_key',
  'apikey',
  'key',
  'password',
  'secret',
  'signature',
  'sig',
]);

/** Nested fields redacted wherever a log call puts them (pino `redact` paths). */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-api-key"]',
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'signingSecret',
  '*.signingSecret',
  'query.code',
  'query.state',
  '*.query.code',
  '*.query.state',
];

/** Authorization, cookies, API keys, signatures and every name an endpoint treats as secret. */
export function isLoggedSecretHeaderName(name: string): boolean {
  return isSecretHeaderName(name) || LOGGED_SECRET_HEADER_NAME.test(name);
}

/** A copy of `headers` with every credential-bearing value replaced. */
export function redactHeaders(headers: unknown): unknown {
  if (!headers || typeof headers !== 'object') return headers;
  if (Array.isArray(headers)) {
    // Endpoint headers as stored: [{ name, value, isSecret }].
    return headers.map((header) => {
      if (!header || typeof header !== 'object') return header;
      const { name, isSecret } = header as { name?: unknown; isSecret?: unknown };
      const isHidden = isSecret === true || (typeof name === 'string' && isLoggedSecretHeaderName(name));
      return isHidden ? { ...header, value: REDACTED } : header;
    });
  }
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, isLoggedSecretHeaderName(name) ? REDACTED : value]),
  );
}

/** The URL (absolute or a request path) with the values of secret query parameters replaced. */
export function redactUrlQuery(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const fragmentStart = url.indexOf('#', queryStart);
  const query = url.slice(queryStart + 1, fragmentStart === -1 ? undefined : fragmentStart);
  const redacted = query
    .split('&')
    .map((pair) => {
      const separator = pair.indexOf('=');
      const rawName = separator === -1 ? pair : pair.slice(0, separator);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the raw name.
      }
      return SECRET_QUERY_PARAMETERS.has(name.toLowerCase()) && separator !== -1 ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${redacted}${fragmentStart === -1 ? '' : url.slice(fragmentStart)}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * pino serializers by top-level key: a logged request keeps its method and its URL without
 * secrets; any `headers`, `url` or `location` field is masked whatever the call site logs.
 */
export const logSerializers = {
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: typeof request.url === 'string' ? redactUrlQuery(request.url) : request.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
  headers: redactHeaders,
  url: (url: unknown) => (typeof url === 'string' ? redactUrlQuery(url) : url),
  location: (url: unknown) => (typeof url === 'string' ? redactUrlQuery(url) : url),
};

/** Options for `pino(...)` shared by the server and the worker. */
export function loggerOptions(settings: { level: string; role: string }) {
  return {
    level: settings.level,
    base: { role: settings.role },
    redact: { paths: LOG_REDACT_PATHS, censor: REDACTED },
    serializers: logSerializers,
  };
}
