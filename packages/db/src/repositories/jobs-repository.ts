import type { JobStatus, Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';

export const jobSelect = {
  id: true,
  userId: true,
  name: true,
  description: true,
  status: true,
  alertPolicy: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.JobSelect;

export type JobRecord = Prisma.JobGetPayload<{ select: typeof jobSelect }>;

export interface Page {
  limit: number;
  offset: number;
}

export interface PageResult<T> {
  items: T[];
  total: number;
}

export function createJob(
  db: Executor,
  data: {
    userId: string;
    name: string;
    description?: string;
    status?: JobStatus;
    alertPolicy?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  },
): Promise<JobRecord> {
  return db.job.create({ data, select: jobSelect });
}

/** Tenant-scoped: another user's job id yields null, exactly like a missing one. */
export function findJobForUser(db: Executor, userId: string, id: string): Promise<JobRecord | null> {
  return db.job.findFirst({ where: { id, userId }, select: jobSelect });
}

export async function listJobsForUser(
  db: Executor,
  userId: string,
  page: Page,
  filter: { status?: JobStatus } = {},
): Promise<PageResult<JobRecord>> {
  const where = { userId, ...(filter.status ? { status: filter.status } : {}) };
  const [items, total] = await Promise.all([
    db.job.findMany({
      where,
      select: jobSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit,
      skip: page.offset,
    }),
    db.job.count({ where }),
  ]);
  return { items, total };
}

export async function updateJobForUser(
  db: Executor,
  userId: string,
  id: string,
  data: {
    name?: string;
    description?: string;
    status?: JobStatus;
    alertPolicy?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  },
): Promise<JobRecord | null> {
  const { count } = await db.job.updateMany({ where: { id, userId }, data });
  return count === 0 ? null : findJobForUser(db, userId, id);
}

export async function deleteJobForUser(db: Executor, userId: string, id: string): Promise<boolean> {
  const { count } = await db.job.deleteMany({ where: { id, userId } });
  return count > 0;
}
