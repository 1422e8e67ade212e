import {
  createAuditEntry,
  listEndpointsForPlanChange,
  pauseEndpointsBySystem,
  type Transaction,
  updateBillingAccount,
} from '@cronwise/db';
import { compareTiers, DAY_MS, surplusEndpoints, type Tier } from '@cronwise/domain';
import type { EngineDependencies } from '../engine/contract';
import { rescheduleEndpoint } from '../engine/reschedule-endpoint';

/** Who or what changed the plan, recorded in the audit log. */
export type PlanChangeCause =
  | { kind: 'stripe'; stripeEventId: string; stripeEventType: string; explanation: string }
  | { kind: 'billing-review'; explanation: string }
  | { kind: 'operator'; via: string; operator: string };

export interface PlanChangeResult {
  from: Tier;
  to: Tier;
  /** Endpoints the system paused because the new plan allows fewer. */
  pausedEndpointIds: string[];
}

/**
 * Moves a user to another plan inside the caller's transaction. A downgrade loses nothing:
 * the surplus endpoints (the most recently created beyond the new allowance) are paused by the
 * system with a reason, never deleted; every endpoint is re-planned, so the governor clamps
 * schedules to the new minimum interval (and an upgrade lifts those clamps at once); runs are
 * kept by the old plan's retention for the grace period. The change is audited with its cause.
 */
export async function changePlan(
  deps: EngineDependencies,
  tx: Transaction,
  change: { userId: string; from: Tier; to: Tier; cause: PlanChangeCause; retentionGraceDays: number },
): Promise<PlanChangeResult> {
  const { userId, from, to } = change;
  const now = deps.clock.now();
  const isDowngrade = compareTiers(to, from) < 0;
  const isRetentionShorter = deps.tierLimits[to].runRetentionDays < deps.tierLimits[from].runRetentionDays;
  await updateBillingAccount(tx, userId, {
    tier: to,
    ...(isRetentionShorter ? { retentionHoldUntil: new Date(now.getTime() + change.retentionGraceDays * DAY_MS) } : {}),
  });

  const endpoints = await listEndpointsForPlanChange(tx, userId);
  const maxEndpoints = deps.tierLimits[to].maxEndpoints;
  const surplus = isDowngrade ? surplusEndpoints(endpoints, maxEndpoints) : [];
  const pausedEndpointIds = surplus.map((endpoint) => endpoint.id);
  await pauseEndpointsBySystem(tx, userId, pausedEndpointIds, {
    at: now,
    reason: `paused by the system: the ${to} plan runs ${maxEndpoints} endpoints and this is one of the most recently created; upgrade, or pause another endpoint and resume this one`,
  });
  for (const endpoint of endpoints) {
    await rescheduleEndpoint(deps, tx, endpoint.id);
  }

  await createAuditEntry(tx, {
    userId,
    action: 'user.tier-changed',
    targetType: 'user',
    targetId: userId,
    details: { ...change.cause, from, to, pausedEndpointIds },
  });
  return { from, to, pausedEndpointIds };
}
