/**
 * When a run should lead to an analysis, decided on the engine's hot path from values it
 * already holds (no extra reads). Pure.
 */
import { type AnalysisTrigger, PLAN_DEBOUNCE_SECONDS, type PlanEndpointPayload } from '@cronwise/jobs';
import type { JobInsert } from 'pg-boss';

export interface RunChange {
  aiMode: 'off' | 'suggest' | 'auto';
  previousStatus: string | null;
  status: string;
  previousStreak: number;
  streak: number;
  previousSignal: string | null;
  signal: string | null;
}

function statusClass(status: string | null): 'ok' | 'failing' | null {
  if (status === 'success') return 'ok';
  if (status === 'failure' || status === 'timeout') return 'failing';
  return null;
}

/** Why this run should be analysed, or null. */
export function analysisReasonAfterRun(change: RunChange): string | null {
  if (change.aiMode === 'off') return null;
  if (change.previousStreak === 0 && change.streak > 0) return `failure streak 0 → ${change.streak}`;
  if (change.previousStreak > 0 && change.streak === 0) return `recovered after ${change.previousStreak} failure(s)`;
  const before = statusClass(change.previousStatus);
  const after = statusClass(change.status);
  if (after !== null && before !== after)
    return `status changed from ${change.previousStatus ?? 'none'} to ${change.status}`;
  if (change.signal !== change.previousSignal && (change.signal !== null || change.previousSignal !== null)) {
    return `body signal changed from ${change.previousSignal ?? 'none'} to ${change.signal ?? 'none'}`;
  }
  return null;
}

/**
 * A debounced analysis job: keyed by endpoint on a `stately` queue (one queued per endpoint,
 * later triggers coalesce into it) and grouped by owner so one tenant cannot starve the others.
 */
export function analysisJob(
  target: { endpointId: string; userId: string },
  trigger: AnalysisTrigger,
  reason: string,
  now: Date,
  options: { debounceSeconds?: number; sessionId?: string } = {},
): JobInsert<PlanEndpointPayload> {
  const debounceMs = (options.debounceSeconds ?? PLAN_DEBOUNCE_SECONDS) * 1_000;
  return {
    data: {
      endpointId: target.endpointId,
      trigger,
      reason: reason.slice(0, 200),
      ...(options.sessionId ? { sessionId: options.sessionId } : {}),
    },
    // A person's request never coalesces into a pending trigger: it has its own session to fill.
    singletonKey: options.sessionId ? `manual:${options.sessionId}` : target.endpointId,
    startAfter: new Date(now.getTime() + debounceMs),
    group: { id: target.userId },
  };
}
