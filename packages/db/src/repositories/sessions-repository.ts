import type { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';
import { type UserRecord, userSelect } from './users-repository';

export const sessionSelect = {
  id: true,
  userId: true,
  expiresAt: true,
  createdAt: true,
  userAgent: true,
  ipAddress: true,
} satisfies Prisma.SessionSelect;

export type SessionRecord = Prisma.SessionGetPayload<{ select: typeof sessionSelect }>;

export interface CreateSessionData {
  /** SHA-256 of the session token, hex; the token itself is never stored. */
  id: string;
  userId: string;
  expiresAt: Date;
  userAgent?: string | null;
  ipAddress?: string | null;
}

export function createSession(db: Executor, data: CreateSessionData): Promise<SessionRecord> {
  return db.session.create({ data, select: sessionSelect });
}

export async function findSessionWithUser(
  db: Executor,
  id: string,
): Promise<{ session: SessionRecord; user: UserRecord } | null> {
  const row = await db.session.findUnique({
    where: { id },
    select: { ...sessionSelect, user: { select: userSelect } },
  });
  if (!row) return null;
  const { user, ...session } = row;
  return { session, user };
}

export async function updateSessionExpiry(db: Executor, id: string, expiresAt: Date): Promise<void> {
  await db.session.updateMany({ where: { id }, data: { expiresAt } });
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}

/** Signs a user out everywhere, optionally keeping the session that asked for it. */
export async function deleteSessionsForUser(db: Executor, userId: string, options: { exceptId?: string } = {}) {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(options.exceptId ? { id: { not: options.exceptId } } : {}) },
  });
  return count;
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
