import { type HealthScope, listEndpointScheduleStates, summariseRunWindow } from '@cronwise/db';
import { COARSE_ROLLUP_BUCKET_MS, DAY_MS, FINE_ROLLUP_BUCKET_MS, HOUR_MS } from '@cronwise/domain';
import type { ServiceDependencies } from '../dependencies';

/** Each window reads the rollups of one bucket size: its start is exact to that size. */
export const HEALTH_WINDOWS = [
  { window: '1h', durationMs: HOUR_MS, bucketMs: FINE_ROLLUP_BUCKET_MS },
  { window: '24h', durationMs: DAY_MS, bucketMs: COARSE_ROLLUP_BUCKET_MS },
  { window: '7d', durationMs: 7 * DAY_MS, bucketMs: COARSE_ROLLUP_BUCKET_MS },
] as const;

export type HealthWindowName = (typeof HEALTH_WINDOWS)[number]['window'];

export interface WindowHealth {
  window: HealthWindowName;
  runs: number;
  countsByStatus: {
    success: number;
    failure: number;
    timeout: number;
    skipped: number;
    quotaExceeded: number;
    canceled: number;
  };
  /** Successes over executed runs (success, failure, timeout); null when nothing was executed. */
  successRate: number | null;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  latenessP99Ms: number | null;
}

export interface HealthSummary {
  windows: WindowHealth[];
  /** The longest current streak of consecutive failures among the endpoints in scope. */
  failureStreak: number;
  failingEndpoints: number;
  endpoints: number;
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  nextRunAt: Date | null;
}

/** Health of the runs in a scope over the last hour, day and week (from the rollups), with last and next run. */
export async function summariseHealth(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  scope: HealthScope,
): Promise<HealthSummary> {
  const now = deps.clock.now();
  const windows = await Promise.all(
    HEALTH_WINDOWS.map(async ({ window, durationMs, bucketMs }): Promise<WindowHealth> => {
      const stats = await summariseRunWindow(deps.db, scope, {
        since: new Date(now.getTime() - durationMs),
        until: now,
        bucketMs,
      });
      const executed = stats.success + stats.failure + stats.timeout;
      return {
        window,
        runs: stats.count,
        countsByStatus: {
          success: stats.success,
          failure: stats.failure,
          timeout: stats.timeout,
          skipped: stats.skipped,
          quotaExceeded: stats.quotaExceeded,
          canceled: stats.canceled,
        },
        successRate: executed === 0 ? null : stats.success / executed,
        durationP50Ms: stats.durationP50Ms,
        durationP95Ms: stats.durationP95Ms,
        latenessP99Ms: stats.latenessP99Ms,
      };
    }),
  );
  const states = await listEndpointScheduleStates(deps.db, scope);
  let last: (typeof states)[number] | null = null;
  let nextRunAt: Date | null = null;
  for (const state of states) {
    if (state.lastRunAt && (!last?.lastRunAt || state.lastRunAt > last.lastRunAt)) last = state;
    if (state.nextRunAt && (!nextRunAt || state.nextRunAt < nextRunAt)) nextRunAt = state.nextRunAt;
  }
  return {
    windows,
    failureStreak: Math.max(0, ...states.map((state) => state.failureStreak)),
    failingEndpoints: states.filter((state) => state.failureStreak > 0).length,
    endpoints: states.length,
    lastRunAt: last?.lastRunAt ?? null,
    lastRunStatus: last?.lastRunStatus ?? null,
    nextRunAt,
  };
}
