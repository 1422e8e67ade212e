import { issue, validationError } from './errors';

/**
 * Health statistics of an endpoint over a time window, from its run records.
 *
 * Conventions:
 * - Pass one record per occurrence (its final attempt), so retries do not count twice.
 * - A run belongs to the window when its planned time is in (now - window, now].
 * - Only executed runs count towards the success rate and the failure streak: `success` versus
 *   `failure` and `timeout`. `skipped`, `canceled` and `quota_exceeded` never reached the target,
 *   so they say nothing about its health and are ignored (the streak looks past them).
 * - Percentiles use the nearest-rank method: the p-th percentile of n sorted values is the value
 *   at rank ceil(p / 100 × n) (1-based), always an observed value; null with no values.
 */
export type RunStatus = 'success' | 'failure' | 'timeout' | 'skipped' | 'quota_exceeded' | 'canceled';

export interface RunRecord {
  status: RunStatus;
  plannedAt: Date;
  durationMs?: number | null;
  /** Start minus planned time. */
  latenessMs?: number | null;
}

export interface HealthStatistics {
  /** Runs in the window, whatever their status. */
  count: number;
  countsByStatus: Record<RunStatus, number>;
  /** Successes / executed runs in the window; null when nothing was executed. */
  successRate: number | null;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  latenessP50Ms: number | null;
  latenessP99Ms: number | null;
  /** Consecutive failures and timeouts counting back from the newest executed run (all records, not just the window). */
  failureStreak: number;
}

const EXECUTED_STATUSES: ReadonlySet<RunStatus> = new Set(['success', 'failure', 'timeout']);

export function isExecuted(status: RunStatus): boolean {
  return EXECUTED_STATUSES.has(status);
}

export function computeHealth(runs: readonly RunRecord[], window: { now: Date; windowMs: number }): HealthStatistics {
  const nowMs = window.now.getTime();
  const startMs = nowMs - window.windowMs;
  const inWindow = runs.filter((run) => run.plannedAt.getTime() > startMs && run.plannedAt.getTime() <= nowMs);
  const countsByStatus: Record<RunStatus, number> = {
    success: 0,
    failure: 0,
    timeout: 0,
    skipped: 0,
    quota_exceeded: 0,
    canceled: 0,
  };
  for (const run of inWindow) countsByStatus[run.status] += 1;
  const executed = inWindow.filter((run) => isExecuted(run.status));
  const durations = executed.map((run) => run.durationMs).filter(isNumber);
  const lateness = inWindow.map((run) => run.latenessMs).filter(isNumber);
  return {
    count: inWindow.length,
    countsByStatus,
    successRate: executed.length === 0 ? null : countsByStatus.success / executed.length,
    durationP50Ms: nearestRankPercentile(durations, 50),
    durationP95Ms: nearestRankPercentile(durations, 95),
    latenessP50Ms: nearestRankPercentile(lateness, 50),
    latenessP99Ms: nearestRankPercentile(lateness, 99),
    failureStreak: currentFailureStreak(runs),
  };
}

/** Consecutive failed executed runs, newest first by planned time; skipped/canceled/quota runs are looked past. */
export function currentFailureStreak(runs: readonly RunRecord[]): number {
  const newestFirst = runs
    .filter((run) => isExecuted(run.status))
    .sort((left, right) => right.plannedAt.getTime() - left.plannedAt.getTime());
  let streak = 0;
  for (const run of newestFirst) {
    if (run.status === 'success') break;
    streak += 1;
  }
  return streak;
}

/** Nearest-rank percentile (see module comment); `percentile` in [0, 100]. */
export function nearestRankPercentile(values: readonly number[], percentile: number): number | null {
  if (values.length === 0) return null;
  if (!(percentile >= 0 && percentile <= 100))
    throw validationError([issue(['percentile'], `must be between 0 and 100; got ${percentile}`)]);
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
