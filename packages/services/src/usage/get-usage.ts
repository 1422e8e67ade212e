import { countEndpointsForUser, findUsageForMonth, type Tier } from '@cronwise/db';
import { monthKey, startOfNextMonthUtc } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { limitsFor } from '../tier-limits';

export interface UsageReport {
  tier: Tier;
  month: string;
  runs: number;
  runsLimit: number;
  aiTokens: number;
  aiTokensLimit: number;
  endpoints: number;
  endpointsLimit: number;
  resetsAt: Date;
}

/** This month's runs and AI tokens against the plan's limits (the ledger survives deletions). */
export async function getUsage(
  deps: Pick<ServiceDependencies, 'db' | 'clock' | 'tierLimits'>,
  actor: Actor,
): Promise<UsageReport> {
  const now = deps.clock.now();
  const month = monthKey(now);
  const limits = limitsFor(deps, actor);
  const [usage, endpoints] = await Promise.all([
    findUsageForMonth(deps.db, actor.userId, month),
    countEndpointsForUser(deps.db, actor.userId),
  ]);
  return {
    tier: actor.tier,
    month,
    runs: usage.runs,
    runsLimit: limits.runsPerMonth,
    aiTokens: usage.aiTokens,
    aiTokensLimit: limits.aiTokensPerMonth,
    endpoints,
    endpointsLimit: limits.maxEndpoints,
    resetsAt: startOfNextMonthUtc(now),
  };
}
