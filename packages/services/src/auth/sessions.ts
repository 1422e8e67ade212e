import {
  deleteSession,
  findSessionWithUser,
  createSession as insertSession,
  type SessionRecord,
  type UserRecord,
  updateSessionExpiry,
} from '@cronwise/db';
import { DAY_MS } from '@cronwise/domain';
import { generateRandomToken, hashToken } from '../crypto/tokens';
import type { ServiceDependencies } from '../dependencies';

/**
 * Sessions after Lucia's guide: the browser holds an opaque random token; the database holds
 * only its SHA-256 as the session id, so a leaked sessions table cannot be replayed. Sessions
 * last 30 days and slide: one used in its second half is extended to a full 30 days again.
 */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
export const SESSION_RENEWAL_WINDOW_MS = 15 * DAY_MS;
export const SESSION_COOKIE_NAME = 'cronwise_session';

export interface IssuedSession {
  /** Goes into the cookie; never stored. */
  token: string;
  session: SessionRecord;
}

export interface ClientInfo {
  userAgent?: string | null;
  ipAddress?: string | null;
}

type SessionDeps = Pick<ServiceDependencies, 'db' | 'clock'>;

export async function issueSession(deps: SessionDeps, userId: string, client: ClientInfo = {}): Promise<IssuedSession> {
  const token = generateRandomToken();
  const session = await insertSession(deps.db, {
    id: hashToken(token),
    userId,
    expiresAt: new Date(deps.clock.now().getTime() + SESSION_LIFETIME_MS),
    userAgent: client.userAgent?.slice(0, 512) ?? null,
    ipAddress: client.ipAddress ?? null,
  });
  return { token, session };
}

export interface ValidatedSession {
  session: SessionRecord;
  user: UserRecord;
  /** True when the expiry moved forward: the caller re-sends the cookie with the new expiry. */
  isRenewed: boolean;
}

export async function validateSessionToken(deps: SessionDeps, token: string): Promise<ValidatedSession | null> {
  const id = hashToken(token);
  const found = await findSessionWithUser(deps.db, id);
  if (!found) return null;
  const nowMs = deps.clock.now().getTime();
  if (found.session.expiresAt.getTime() <= nowMs) {
    await deleteSession(deps.db, id);
    return null;
  }
  if (found.session.expiresAt.getTime() - nowMs < SESSION_RENEWAL_WINDOW_MS) {
    const expiresAt = new Date(nowMs + SESSION_LIFETIME_MS);
    await updateSessionExpiry(deps.db, id, expiresAt);
    return { session: { ...found.session, expiresAt }, user: found.user, isRenewed: true };
  }
  return { ...found, isRenewed: false };
}

export async function invalidateSession(deps: SessionDeps, sessionId: string): Promise<void> {
  await deleteSession(deps.db, sessionId);
}
