import type { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';
import { type UserRecord, userSelect } from './users-repository';

/** Everything but the hash: the hash is only ever compared, in `findActiveApiKeyByHash`. */
export const apiKeySelect = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} satisfies Prisma.ApiKeySelect;

export type ApiKeyRecord = Prisma.ApiKeyGetPayload<{ select: typeof apiKeySelect }>;

export interface CreateApiKeyData {
  userId: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: string[];
  expiresAt?: Date | null;
}

export function createApiKey(db: Executor, data: CreateApiKeyData): Promise<ApiKeyRecord> {
  return db.apiKey.create({ data, select: apiKeySelect });
}

/** The user's keys that are not revoked, newest first. */
export function listApiKeysForUser(db: Executor, userId: string): Promise<ApiKeyRecord[]> {
  return db.apiKey.findMany({
    where: { userId, revokedAt: null },
    select: apiKeySelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

/** A key that is neither revoked nor expired at `now`, with its owner. */
export async function findActiveApiKeyByHash(
  db: Executor,
  hash: string,
  now: Date,
): Promise<{ apiKey: ApiKeyRecord; user: UserRecord } | null> {
  const row = await db.apiKey.findFirst({
    where: { hash, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    select: { ...apiKeySelect, user: { select: userSelect } },
  });
  if (!row) return null;
  const { user, ...apiKey } = row;
  return { apiKey, user };
}

/** Tenant-scoped: another user's key id revokes nothing and returns false. */
export async function revokeApiKeyForUser(db: Executor, userId: string, id: string, now: Date): Promise<boolean> {
  const { count } = await db.apiKey.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: now } });
  return count > 0;
}

/** Revokes every live key of the user (an account claimed by the mailbox's owner); returns how many. */
export async function revokeApiKeysOfUser(db: Executor, userId: string, now: Date): Promise<number> {
  const { count } = await db.apiKey.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}

/**
 * Records use without a write per request: the row is touched only when its last-used time
 * is older than `granularityMs`.
 */
export async function touchApiKeyLastUsed(db: Executor, id: string, now: Date, granularityMs: number): Promise<void> {
  await db.apiKey.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - granularityMs) } }] },
    data: { lastUsedAt: now },
  });
}
