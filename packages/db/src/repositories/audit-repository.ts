import type { Prisma } from '../generated/prisma/client';
import type { Executor } from '../transaction';

export const auditEntrySelect = {
  id: true,
  userId: true,
  action: true,
  targetType: true,
  targetId: true,
  details: true,
  createdAt: true,
} satisfies Prisma.AuditEntrySelect;

export type AuditEntryRecord = Prisma.AuditEntryGetPayload<{ select: typeof auditEntrySelect }>;

export function createAuditEntry(
  db: Executor,
  data: {
    userId: string | null;
    action: string;
    targetType: string;
    targetId: string;
    details?: Prisma.InputJsonValue;
  },
): Promise<AuditEntryRecord> {
  return db.auditEntry.create({ data, select: auditEntrySelect });
}

export function listAuditEntriesForTarget(
  db: Executor,
  targetType: string,
  targetId: string,
  limit = 100,
): Promise<AuditEntryRecord[]> {
  return db.auditEntry.findMany({
    where: { targetType, targetId },
    select: auditEntrySelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
}
