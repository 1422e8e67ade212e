import { type ExecutionTarget, hintsFromColumns, scheduleFromColumns } from '@cronwise/db';
import { type Pause, type PlanInput, planNextRun, type RunPlan, type Tier, type TierLimits } from '@cronwise/domain';

/** The endpoint fields the governor reads; both Prisma rows and engine rows satisfy it. */
export type PlannableEndpoint = Pick<
  ExecutionTarget,
  | 'id'
  | 'scheduleType'
  | 'intervalMs'
  | 'cron'
  | 'timezone'
  | 'minIntervalMs'
  | 'maxIntervalMs'
  | 'catchUpPolicy'
  | 'failureStreak'
  | 'lastPlannedAt'
  | 'lastScheduledRunAt'
  | 'pausedAt'
  | 'pausedUntil'
  | 'pauseReason'
  | 'pausedBy'
  | 'aiIntervalMs'
  | 'aiIntervalExpiresAt'
  | 'aiIntervalReason'
  | 'aiOneShotAt'
  | 'aiOneShotExpiresAt'
  | 'aiOneShotReason'
  | 'manualIntervalMs'
  | 'manualRunAt'
  | 'manualExpiresAt'
  | 'manualReason'
>;

export function pauseOf(endpoint: PlannableEndpoint, jobStatus: 'active' | 'paused' | 'archived'): Pause | null {
  if (jobStatus !== 'active') {
    return {
      until: null,
      reason: jobStatus === 'paused' ? 'its job is paused' : 'its job is archived',
      pausedBy: 'user',
    };
  }
  if (!endpoint.pausedAt) return null;
  return {
    until: endpoint.pausedUntil,
    reason: endpoint.pauseReason ?? 'paused',
    pausedBy: endpoint.pausedBy ?? 'user',
  };
}

export interface PlanContext {
  now: Date;
  tier: Tier;
  tierLimits: Record<Tier, TierLimits>;
  jobStatus: 'active' | 'paused' | 'archived';
  /** Overrides for a plan made right after a run (the run's grid position and time). */
  lastPlannedAt?: Date | null;
  /** The last scheduled run (default: the endpoint's `lastScheduledRunAt`; a run-now never counts). */
  lastRunAt?: Date | null;
  failureStreak?: number;
  /** The deployment's failure-backoff cap (MAX_FAILURE_BACKOFF_MS); the domain default when absent. */
  maxBackoffMs?: number;
  /** Re-planning before the pending run happened: its time (see the governor's `pendingRunAt`). */
  pendingRunAt?: Date | null;
  /** The target asked not to be called before this (Retry-After). */
  deferUntil?: PlanInput['deferUntil'];
}

/** Asks the governor for an endpoint's next run. */
export function planEndpoint(endpoint: PlannableEndpoint, context: PlanContext): RunPlan {
  const input: PlanInput = {
    now: context.now,
    endpointId: endpoint.id,
    schedule: scheduleFromColumns(endpoint),
    lastPlannedAt: context.lastPlannedAt !== undefined ? context.lastPlannedAt : endpoint.lastPlannedAt,
    lastRunAt: context.lastRunAt !== undefined ? context.lastRunAt : endpoint.lastScheduledRunAt,
    catchUp: endpoint.catchUpPolicy,
    failureStreak: context.failureStreak ?? endpoint.failureStreak,
    minIntervalMs: endpoint.minIntervalMs,
    maxIntervalMs: endpoint.maxIntervalMs,
    tierMinIntervalMs: context.tierLimits[context.tier].minIntervalMs,
    hints: hintsFromColumns(endpoint),
    pause: pauseOf(endpoint, context.jobStatus),
    ...(context.maxBackoffMs !== undefined ? { maxBackoffMs: context.maxBackoffMs } : {}),
    ...(context.pendingRunAt !== undefined ? { pendingRunAt: context.pendingRunAt } : {}),
    ...(context.deferUntil ? { deferUntil: context.deferUntil } : {}),
    ...(endpoint.scheduleType === 'cron' && endpoint.timezone ? { timezoneForDisplay: endpoint.timezone } : {}),
  };
  return planNextRun(input);
}
