import { ERROR_CODE_TABLE } from '@cronwise/api';
import { isAppError } from '@cronwise/domain';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  RESET_PASSWORD_PATH,
  resetPassword,
  type ServiceDependencies,
  VERIFY_EMAIL_PATH,
  verifyEmail,
} from '@cronwise/services';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setSessionCookie } from './session-cookie';
import type { HttpSettings } from './settings';

/**
 * The pages that e-mailed links open. A GET only shows a form and a POST does the work, so mail
 * scanners that prefetch links cannot use up a single-use token. The POST must come from our own
 * origin: otherwise a foreign page could sign a visitor into the attacker's account.
 */
export function registerAccountLinkRoutes(
  app: FastifyInstance,
  services: ServiceDependencies,
  settings: HttpSettings,
): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    scope.get<{ Querystring: { token?: string } }>(VERIFY_EMAIL_PATH, async (request, reply) =>
      sendPage(reply, 200, 'Confirm your e-mail address', [
        '<p>Enter the password you chose when you signed up. This confirms the address and signs you in.</p>',
        form(
          VERIFY_EMAIL_PATH,
          request.query.token ?? '',
          `<label for="password">Password</label>
           <input id="password" name="password" type="password" autocomplete="current-password"
             maxlength="${MAX_PASSWORD_LENGTH}" required />
           <p class="hint">Did not sign up? Close this page: without the password nothing is confirmed.</p>
           <button type="submit">Confirm my address</button>`,
        ),
      ]),
    );

    scope.post<{ Body: { token?: string; password?: string } }>(VERIFY_EMAIL_PATH, async (request, reply) => {
      if (!isSameOrigin(request, settings)) return refuseForeignOrigin(reply);
      try {
        const result = await verifyEmail(
          services,
          { token: request.body?.token ?? '', password: request.body?.password ?? '' },
          clientOf(request),
        );
        setSessionCookie(reply, result.token, result.session.expiresAt, settings.isSecureCookie);
        return reply.redirect('/', 303);
      } catch (error) {
        return sendFailure(reply, error, 'Confirm your e-mail address');
      }
    });

    scope.get<{ Querystring: { token?: string } }>(RESET_PASSWORD_PATH, async (request, reply) =>
      sendPage(reply, 200, 'Set a new password', [
        '<p>Setting a new password signs out every session of the account.</p>',
        form(
          RESET_PASSWORD_PATH,
          request.query.token ?? '',
          `<label for="newPassword">New password</label>
           <input id="newPassword" name="newPassword" type="password" autocomplete="new-password"
             minlength="${MIN_PASSWORD_LENGTH}" maxlength="${MAX_PASSWORD_LENGTH}" required />
           <p class="hint">At least ${MIN_PASSWORD_LENGTH} characters; a short phrase works well.</p>
           <button type="submit">Set password</button>`,
        ),
      ]),
    );

    scope.post<{ Body: { token?: string; newPassword?: string } }>(RESET_PASSWORD_PATH, async (request, reply) => {
      if (!isSameOrigin(request, settings)) return refuseForeignOrigin(reply);
      try {
        const result = await resetPassword(services, {
          token: request.body?.token ?? '',
          newPassword: request.body?.newPassword ?? '',
        });
        return sendPage(reply, 200, 'Password changed', [
          `<p>The password of <strong>${escapeHtml(result.email)}</strong> is set, and every session was signed out.</p>`,
          '<p><a href="/">Sign in with the new password</a></p>',
        ]);
      } catch (error) {
        return sendFailure(reply, error, 'Set a new password');
      }
    });
  });
}

function clientOf(request: FastifyRequest) {
  return { userAgent: request.headers['user-agent'] ?? null, ipAddress: request.ip };
}

function isSameOrigin(request: FastifyRequest, settings: HttpSettings): boolean {
  const origin = request.headers.origin;
  return typeof origin === 'string' && settings.allowedOrigins.includes(origin);
}

function refuseForeignOrigin(reply: FastifyReply) {
  return sendPage(reply, 403, 'Not from this site', [
    '<p>This form can only be sent from the Cronwise page itself. Open the link from the e-mail again.</p>',
  ]);
}

function sendFailure(reply: FastifyReply, error: unknown, title: string) {
  if (!isAppError(error)) throw error;
  return sendPage(reply, ERROR_CODE_TABLE[error.code].httpStatus, title, [
    `<p class="error" role="alert">${escapeHtml(capitalise(error.message))}.</p>`,
    '<p><a href="/">Back to Cronwise</a></p>',
  ]);
}

function form(action: string, token: string, fields: string): string {
  return `<form method="post" action="${action}">
    <input type="hidden" name="token" value="${escapeHtml(token)}" />
    ${fields}
  </form>`;
}

function sendPage(reply: FastifyReply, status: number, title: string, body: string[]) {
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <meta name="referrer" content="no-referrer" />
  <title>${escapeHtml(title)} · Cronwise</title>
  <style>
    :root { color-scheme: light dark; }
    body { font-family: system-ui, sans-serif; margin: 0; background: #f8fafc; color: #0f172a; }
    main { max-width: 28rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 0.75rem;
      box-shadow: 0 1px 3px rgb(15 23 42 / 0.12); }
    h1 { font-size: 1.4rem; margin-top: 0; }
    .brand { color: #0f766e; font-weight: 700; letter-spacing: 0.02em; }
    label { display: block; font-weight: 600; margin: 1rem 0 0.35rem; }
    input[type="password"] { width: 100%; box-sizing: border-box; padding: 0.6rem; border: 1px solid #94a3b8;
      border-radius: 0.4rem; font: inherit; }
    .hint { color: #475569; font-size: 0.9rem; margin: 0.35rem 0 1rem; }
    button { background: #0f766e; color: #fff; border: 0; border-radius: 0.4rem; padding: 0.65rem 1.1rem;
      font: inherit; font-weight: 600; cursor: pointer; }
    button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #5eead4; outline-offset: 2px; }
    .error { background: #fee2e2; color: #7f1d1d; padding: 0.75rem 1rem; border-radius: 0.5rem; }
    a { color: #0f766e; }
    @media (prefers-color-scheme: dark) {
      body { background: #020617; color: #e2e8f0; }
      main { background: #0f172a; box-shadow: none; border: 1px solid #1e293b; }
      .hint { color: #94a3b8; }
      input[type="password"] { background: #020617; color: #e2e8f0; border-color: #475569; }
      .error { background: #450a0a; color: #fecaca; }
      a, .brand { color: #5eead4; }
    }
  </style>
</head>
<body>
  <main>
    <p class="brand">Cronwise</p>
    <h1>${escapeHtml(title)}</h1>
    ${body.join('\n    ')}
  </main>
</body>
</html>`;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
