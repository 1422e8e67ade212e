import { SESSION_COOKIE_NAME } from '@cronwise/api';
import type { FastifyReply } from 'fastify';

/** Lucia's cookie: HttpOnly, SameSite=Lax, Secure in production, expiring with the session. */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, isSecure: boolean): void {
  reply.setCookie(SESSION_COOKIE_NAME, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, isSecure: boolean): void {
  reply.setCookie(SESSION_COOKIE_NAME, '', { httpOnly: true, sameSite: 'lax', secure: isSecure, path: '/', maxAge: 0 });
}
