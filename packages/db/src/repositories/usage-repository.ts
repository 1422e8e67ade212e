import type { Executor } from '../transaction';

export interface MonthlyUsage {
  runs: number;
  aiTokens: number;
}

/** The ledger row for one user and month ("2026-12"); zeros when nothing was used yet. */
export async function findUsageForMonth(db: Executor, userId: string, month: string): Promise<MonthlyUsage> {
  const row = await db.usageLedger.findUnique({
    where: { userId_month: { userId, month } },
    select: { runs: true, aiTokens: true },
  });
  return { runs: row?.runs ?? 0, aiTokens: Number(row?.aiTokens ?? 0) };
}
