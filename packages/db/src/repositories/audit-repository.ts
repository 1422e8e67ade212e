import type { Prisma } from '../generated/prisma/client';
import type { SqlExecutor } from '../sql';
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

/** How often an action hit a target since a time (indexed on targetType, targetId, createdAt). */
export async function countAuditEntriesSince(
  sql: SqlExecutor,
  filter: { action: string; targetType: string; targetId: string; since: Date },
): Promise<number> {
  const { rows } = await sql.query<{ count: string }>(
    `SELECT count(*)::text AS count FROM audit_entries
      WHERE "targetType" = $1 AND "targetId" = $2 AND action = $3 AND "createdAt" >= $4::timestamptz`,
    [filter.targetType, filter.targetId, filter.action, filter.since.toISOString()],
  );
  return Number(rows[0]?.count ?? 0);
}
