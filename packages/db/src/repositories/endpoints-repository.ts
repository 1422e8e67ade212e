import type { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';
import type { Page, PageResult } from './jobs-repository';

export type EndpointRecord = Prisma.EndpointGetPayload<Record<string, never>>;
export type CreateEndpointData = Prisma.EndpointUncheckedCreateInput;
export type UpdateEndpointData = Prisma.EndpointUncheckedUpdateManyInput;

export function createEndpoint(db: Executor, data: CreateEndpointData): Promise<EndpointRecord> {
  return db.endpoint.create({ data });
}

/** Internal lookup for the engine; API paths use `findEndpointForUser`. */
export function findEndpointById(db: Executor, id: string): Promise<EndpointRecord | null> {
  return db.endpoint.findUnique({ where: { id } });
}

export function findEndpointForUser(db: Executor, userId: string, id: string): Promise<EndpointRecord | null> {
  return db.endpoint.findFirst({ where: { id, userId } });
}

export async function listEndpointsForJob(
  db: Executor,
  userId: string,
  jobId: string,
  page: Page,
): Promise<PageResult<EndpointRecord>> {
  const where = { userId, jobId };
  const [items, total] = await Promise.all([
    db.endpoint.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit,
      skip: page.offset,
    }),
    db.endpoint.count({ where }),
  ]);
  return { items, total };
}

export function countEndpointsForUser(db: Executor, userId: string): Promise<number> {
  return db.endpoint.count({ where: { userId } });
}

export async function updateEndpointForUser(
  db: Executor,
  userId: string,
  id: string,
  data: UpdateEndpointData,
): Promise<EndpointRecord | null> {
  const { count } = await db.endpoint.updateMany({ where: { id, userId }, data });
  return count === 0 ? null : findEndpointForUser(db, userId, id);
}

export async function deleteEndpointForUser(db: Executor, userId: string, id: string): Promise<boolean> {
  const { count } = await db.endpoint.deleteMany({ where: { id, userId } });
  return count > 0;
}

/** The endpoint with what the governor needs from its job and owner. */
export async function findEndpointForScheduling(
  db: Executor,
  id: string,
): Promise<
  (EndpointRecord & { jobStatus: 'active' | 'paused' | 'archived'; tier: 'free' | 'pro' | 'enterprise' }) | null
> {
  const endpoint = await db.endpoint.findUnique({
    where: { id },
    include: { job: { select: { status: true } }, user: { select: { tier: true } } },
  });
  if (!endpoint) return null;
  const { job, user, ...fields } = endpoint;
  return { ...fields, jobStatus: job.status, tier: user.tier };
}

/** Writes an endpoint's new schedule state and bumps its schedule version. */
export function updateEndpointSchedule(db: Executor, id: string, data: UpdateEndpointData): Promise<EndpointRecord> {
  return db.endpoint.update({ where: { id }, data: { ...data, scheduleVersion: { increment: 1 } } });
}
