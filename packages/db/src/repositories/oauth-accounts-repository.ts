import type { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';
import { type UserRecord, userSelect } from './users-repository';

export const oauthAccountSelect = {
  id: true,
  provider: true,
  providerUserId: true,
  userId: true,
  email: true,
  createdAt: true,
} satisfies Prisma.OAuthAccountSelect;

export type OAuthAccountRecord = Prisma.OAuthAccountGetPayload<{ select: typeof oauthAccountSelect }>;

export async function findOAuthAccountWithUser(
  db: Executor,
  provider: string,
  providerUserId: string,
): Promise<{ account: OAuthAccountRecord; user: UserRecord } | null> {
  const row = await db.oAuthAccount.findUnique({
    where: { provider_providerUserId: { provider, providerUserId } },
    select: { ...oauthAccountSelect, user: { select: userSelect } },
  });
  if (!row) return null;
  const { user, ...account } = row;
  return { account, user };
}

export function createOAuthAccount(
  db: Executor,
  data: { provider: string; providerUserId: string; userId: string; email?: string | null },
): Promise<OAuthAccountRecord> {
  return db.oAuthAccount.create({ data, select: oauthAccountSelect });
}
