import { randomUUID } from 'node:crypto';
import type {
  AlertDeliveryStatus,
  AlertKind,
  NotificationChannelKind,
  PausedBy,
  Prisma,
} from '../generated/prisma/client';
import type { Executor } from '../transaction';
import { uuidv7 } from './uuidv7';

/**
 * Notification channels, alerts and their deliveries. Channel secrets (`secretEncrypted`) are
 * selected only by `findChannelSecretsById`, the delivery path.
 */
export const notificationChannelSelect = {
  id: true,
  userId: true,
  kind: true,
  name: true,
  target: true,
  signingKeyId: true,
  createdAt: true,
} satisfies Prisma.NotificationChannelSelect;

export type NotificationChannelRecord = Prisma.NotificationChannelGetPayload<{
  select: typeof notificationChannelSelect;
}>;

export interface CreateNotificationChannelData {
  userId: string;
  kind: NotificationChannelKind;
  name: string;
  target: string;
  signingKeyId: string | null;
  secretEncrypted: string | null;
}

export function createNotificationChannel(
  db: Executor,
  data: CreateNotificationChannelData,
): Promise<NotificationChannelRecord> {
  return db.notificationChannel.create({ data, select: notificationChannelSelect });
}

export function countNotificationChannelsForUser(db: Executor, userId: string): Promise<number> {
  return db.notificationChannel.count({ where: { userId } });
}

export function listNotificationChannelsForUser(db: Executor, userId: string): Promise<NotificationChannelRecord[]> {
  return db.notificationChannel.findMany({
    where: { userId },
    select: notificationChannelSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

export function findNotificationChannelForUser(
  db: Executor,
  userId: string,
  id: string,
): Promise<NotificationChannelRecord | null> {
  return db.notificationChannel.findFirst({ where: { id, userId }, select: notificationChannelSelect });
}

/** Which of `ids` are the user's channels (for validating a policy). */
export async function findOwnedChannelIds(db: Executor, userId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.notificationChannel.findMany({ where: { userId, id: { in: ids } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** Channels by id with their owner, for addressing alerts (the caller checks the owner). */
export function findChannelsByIds(
  db: Executor,
  ids: string[],
): Promise<Array<{ id: string; userId: string; kind: NotificationChannelKind; name: string }>> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.notificationChannel.findMany({
    where: { id: { in: ids } },
    select: { id: true, userId: true, kind: true, name: true },
  });
}

export type NotificationChannelWithSecret = NotificationChannelRecord & { secretEncrypted: string | null };

export function findChannelSecretsById(db: Executor, id: string): Promise<NotificationChannelWithSecret | null> {
  return db.notificationChannel.findUnique({
    where: { id },
    select: { ...notificationChannelSelect, secretEncrypted: true },
  });
}

/**
 * Deletes a channel and takes its id out of the owner's job and endpoint policies in the same
 * transaction (pass one), so no policy keeps pointing at a channel that no longer exists.
 */
export async function deleteNotificationChannelForUser(db: Executor, userId: string, id: string): Promise<boolean> {
  const { count } = await db.notificationChannel.deleteMany({ where: { id, userId } });
  if (count === 0) return false;
  for (const table of ['endpoints', 'jobs'] as const) {
    await db.$executeRawUnsafe(
      `UPDATE "${table}"
          SET "alertPolicy" = jsonb_set("alertPolicy", '{channelIds}', ("alertPolicy"->'channelIds') - $2::text)
        WHERE "userId" = $1::uuid AND "alertPolicy" IS NOT NULL AND ("alertPolicy"->'channelIds') ? $2::text`,
      userId,
      id,
    );
  }
  return true;
}

/** What alert evaluation needs to know about an endpoint after a batch. */
export interface AlertSubject {
  id: string;
  userId: string;
  jobId: string;
  name: string;
  url: string;
  failureStreak: number;
  pausedBy: PausedBy | null;
  pauseReason: string | null;
  endpointPolicy: Prisma.JsonValue | null;
  jobPolicy: Prisma.JsonValue | null;
  jobName: string;
  openKinds: AlertKind[];
}

export async function loadAlertSubjects(db: Executor, endpointIds: string[]): Promise<AlertSubject[]> {
  if (endpointIds.length === 0) return [];
  const rows = await db.endpoint.findMany({
    where: { id: { in: endpointIds } },
    select: {
      id: true,
      userId: true,
      jobId: true,
      name: true,
      url: true,
      failureStreak: true,
      pausedBy: true,
      pauseReason: true,
      alertPolicy: true,
      job: { select: { name: true, alertPolicy: true } },
      alerts: { where: { openKey: { not: null } }, select: { kind: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    userId: row.userId,
    jobId: row.jobId,
    name: row.name,
    url: row.url,
    failureStreak: row.failureStreak,
    pausedBy: row.pausedBy,
    pauseReason: row.pauseReason,
    endpointPolicy: row.alertPolicy,
    jobPolicy: row.job.alertPolicy,
    jobName: row.job.name,
    openKinds: row.alerts.map((alert) => alert.kind),
  }));
}

/** The endpoint's latest executed runs (success, failure, timeout), newest first. */
export async function findRecentRunStatuses(db: Executor, endpointId: string, limit: number): Promise<string[]> {
  const rows = await db.run.findMany({
    where: { endpointId, status: { in: ['success', 'failure', 'timeout'] } },
    select: { status: true },
    orderBy: [{ plannedAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map((row) => row.status);
}

export interface NewAlert {
  userId: string;
  jobId: string;
  endpointId: string;
  kind: AlertKind;
  message: string;
  /** Set for an incident (open until resolved); null for a one-off notice. */
  openKey: string | null;
  resolvedAt: Date | null;
  details: Prisma.InputJsonObject;
  createdAt: Date;
  channels: Array<{ id: string; kind: NotificationChannelKind; name: string }>;
}

/**
 * Inserts alerts and one pending delivery per channel. An incident whose endpoint and kind is
 * already open (a concurrent evaluation got there first) is skipped, with its deliveries.
 * Returns, per input alert, whether it was written, and the delivery ids that were.
 */
export async function insertAlerts(
  db: Executor,
  alerts: NewAlert[],
): Promise<{ isWritten: boolean[]; deliveryIds: string[] }> {
  if (alerts.length === 0) return { isWritten: [], deliveryIds: [] };
  // Time-ordered ids: alerts written in the same clock instant still list in the order they were written.
  const withIds = alerts.map((alert) => ({ ...alert, id: uuidv7(Date.now()) }));
  await db.alert.createMany({
    data: withIds.map(({ channels: _channels, ...alert }) => alert),
    skipDuplicates: true,
  });
  const written = new Set(
    (await db.alert.findMany({ where: { id: { in: withIds.map((alert) => alert.id) } }, select: { id: true } })).map(
      (row) => row.id,
    ),
  );
  const deliveries = withIds
    .filter((alert) => written.has(alert.id))
    .flatMap((alert) =>
      alert.channels.map((channel) => ({
        id: randomUUID(),
        alertId: alert.id,
        channelId: channel.id,
        channelKind: channel.kind,
        channelName: channel.name,
        createdAt: alert.createdAt,
      })),
    );
  if (deliveries.length > 0) await db.alertDelivery.createMany({ data: deliveries });
  return {
    isWritten: withIds.map((alert) => written.has(alert.id)),
    deliveryIds: deliveries.map((delivery) => delivery.id),
  };
}

/** Closes the endpoints' open incidents of the given kinds. */
export async function resolveAlerts(
  db: Executor,
  incidents: Array<{ endpointId: string; kinds: AlertKind[] }>,
  resolvedAt: Date,
): Promise<number> {
  const openKeys = incidents.flatMap(({ endpointId, kinds }) => kinds.map((kind) => alertOpenKey(endpointId, kind)));
  if (openKeys.length === 0) return 0;
  const { count } = await db.alert.updateMany({
    where: { openKey: { in: openKeys } },
    data: { openKey: null, resolvedAt },
  });
  return count;
}

export function alertOpenKey(endpointId: string, kind: AlertKind): string {
  return `${endpointId}:${kind}`;
}

export const alertSelect = {
  id: true,
  userId: true,
  jobId: true,
  endpointId: true,
  kind: true,
  message: true,
  openKey: true,
  resolvedAt: true,
  details: true,
  createdAt: true,
  deliveries: {
    select: {
      id: true,
      channelId: true,
      channelKind: true,
      channelName: true,
      status: true,
      attempts: true,
      statusCode: true,
      lastError: true,
      deliveredAt: true,
      updatedAt: true,
    },
    orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }],
  },
} satisfies Prisma.AlertSelect;

export type AlertRecord = Prisma.AlertGetPayload<{ select: typeof alertSelect }>;

interface AlertCursor {
  createdAt: Date;
  id: string;
}

export function encodeAlertCursor(alert: AlertCursor): string {
  return Buffer.from(`${alert.createdAt.toISOString()}|${alert.id}`, 'utf8').toString('base64url');
}

export function decodeAlertCursor(cursor: string): AlertCursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!iso || !id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const createdAt = new Date(iso);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
}

/** Newest first, keyset-paginated on (createdAt, id); tenant-scoped. */
export async function listAlertsForUser(
  db: Executor,
  userId: string,
  query: { endpointId?: string; limit: number; cursor?: string | undefined },
): Promise<{ items: AlertRecord[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeAlertCursor(query.cursor) : null;
  const rows = await db.alert.findMany({
    where: {
      userId,
      ...(query.endpointId ? { endpointId: query.endpointId } : {}),
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
        : {}),
    },
    select: alertSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const items = hasMore ? rows.slice(0, query.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeAlertCursor(last) : null };
}

/** A delivery with its alert and the endpoint it is about, for the deliver-alert handler. */
export function findAlertDelivery(db: Executor, id: string) {
  return db.alertDelivery.findUnique({
    where: { id },
    select: {
      id: true,
      channelId: true,
      status: true,
      attempts: true,
      alert: {
        select: {
          id: true,
          kind: true,
          message: true,
          details: true,
          createdAt: true,
          userId: true,
          jobId: true,
          endpointId: true,
          endpoint: { select: { name: true, url: true } },
        },
      },
    },
  });
}

export type AlertDeliveryWithAlert = NonNullable<Awaited<ReturnType<typeof findAlertDelivery>>>;

export function recordAlertDeliveryAttempt(
  db: Executor,
  id: string,
  result: {
    status: AlertDeliveryStatus;
    statusCode: number | null;
    lastError: string | null;
    deliveredAt: Date | null;
  },
) {
  return db.alertDelivery.update({
    where: { id },
    data: { ...result, attempts: { increment: 1 } },
    select: { id: true, attempts: true, status: true },
  });
}
