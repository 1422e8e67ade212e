import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every HTML page (the SPA, the API reference). The SPA is a
 * Vite build: its scripts and styles are files on this origin. Charting libraries set inline
 * styles, so styles allow 'unsafe-inline'; scripts never do. No page may be framed
 * (clickjacking), and nothing is loaded from another origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every response: no MIME sniffing, no Referer (e-mail links carry single-use tokens
 * in their URL), no framing; HTML additionally gets the CSP above, and HTTPS deployments HSTS.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { isHttps: boolean }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (options.isHttps) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const contentType = String(reply.getHeader('content-type') ?? '');
    if (contentType.startsWith('text/html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    return payload;
  });
}
