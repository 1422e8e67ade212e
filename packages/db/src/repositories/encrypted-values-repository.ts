import type { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';

/**
 * The columns that hold values encrypted with ENCRYPTION_SECRET, read in pages by id, for the
 * re-encryption after a secret rotation. Each write compares the old value, so a row changed
 * meanwhile (a user editing headers, a key rotation) is left for the next pass, never overwritten.
 */
export const ENCRYPTED_VALUES_PAGE_SIZE = 200;

export function listSigningKeySecrets(
  db: Executor,
  afterId: string | null,
): Promise<Array<{ id: string; secretEncrypted: string }>> {
  return db.signingKey.findMany({
    where: afterId ? { id: { gt: afterId } } : {},
    select: { id: true, secretEncrypted: true },
    orderBy: { id: 'asc' },
    take: ENCRYPTED_VALUES_PAGE_SIZE,
  });
}

export async function replaceSigningKeySecret(
  db: Executor,
  id: string,
  change: { from: string; to: string },
): Promise<boolean> {
  const { count } = await db.signingKey.updateMany({
    where: { id, secretEncrypted: change.from },
    data: { secretEncrypted: change.to },
  });
  return count === 1;
}

export function listEndpointHeaders(
  db: Executor,
  afterId: string | null,
): Promise<Array<{ id: string; headers: Prisma.JsonValue }>> {
  return db.endpoint.findMany({
    where: afterId ? { id: { gt: afterId } } : {},
    select: { id: true, headers: true },
    orderBy: { id: 'asc' },
    take: ENCRYPTED_VALUES_PAGE_SIZE,
  });
}

export async function replaceEndpointHeaders(
  db: Executor,
  id: string,
  change: { from: Prisma.InputJsonValue; to: Prisma.InputJsonValue },
): Promise<boolean> {
  const { count } = await db.endpoint.updateMany({
    where: { id, headers: { equals: change.from } },
    data: { headers: change.to },
  });
  return count === 1;
}

/** Channels with a sealed value: a webhook's signing secret or a Slack URL. */
export function listNotificationChannelSecrets(
  db: Executor,
  afterId: string | null,
): Promise<Array<{ id: string; secretEncrypted: string | null }>> {
  return db.notificationChannel.findMany({
    where: { secretEncrypted: { not: null }, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true, secretEncrypted: true },
    orderBy: { id: 'asc' },
    take: ENCRYPTED_VALUES_PAGE_SIZE,
  });
}

export async function replaceNotificationChannelSecret(
  db: Executor,
  id: string,
  change: { from: string; to: string },
): Promise<boolean> {
  const { count } = await db.notificationChannel.updateMany({
    where: { id, secretEncrypted: change.from },
    data: { secretEncrypted: change.to },
  });
  return count === 1;
}
