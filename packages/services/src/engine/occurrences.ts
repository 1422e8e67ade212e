import { type EndpointStateUpdate, uuidv7 } from '@cronwise/db';
import type { RunPlan } from '@cronwise/domain';
import { type ExecuteOccurrencePayload, type OccurrenceJob, QUEUE, scheduledOccurrenceJob } from '@cronwise/jobs';

export function newOccurrenceId(nowMs: number): string {
  return `occ_${uuidv7(nowMs).replaceAll('-', '')}`;
}

/** The pg-boss job for an endpoint's next scheduled occurrence, from the governor's plan. */
export function scheduledOccurrence(
  endpoint: { id: string },
  plan: RunPlan & { nextRunAt: Date },
  occurrenceId: string,
  scheduleVersion: number,
): { payload: ExecuteOccurrencePayload; job: OccurrenceJob } {
  const job = scheduledOccurrenceJob({
    endpointId: endpoint.id,
    occurrenceId,
    scheduleVersion,
    plannedAt: plan.nextRunAt,
    anchorAt: plan.anchorAt,
    source: plan.origin ?? plan.source,
    explanation: plan.explanation,
    consumesOneShot: plan.consumesOneShot,
  });
  return { payload: job.data, job };
}

/** Which hint columns a plan says to clear (expired, or a one-shot used up by this run). */
export function hintClears(plan: RunPlan, consumed: ExecuteOccurrencePayload['consumesOneShot']) {
  return {
    clearAiInterval: plan.expiredHints.includes('ai-interval'),
    clearAiOneShot: plan.expiredHints.includes('ai-oneshot') || consumed === 'ai-oneshot',
    clearManual: plan.expiredHints.includes('manual'),
    clearManualRunAt: consumed === 'manual',
    clearPause: plan.expiredHints.includes('pause'),
  } satisfies Partial<EndpointStateUpdate>;
}

export const OCCURRENCE_QUEUE = QUEUE.executeOccurrence;

/**
 * Only occurrences due within this horizon are pg-boss jobs; a later one waits on its endpoint
 * row (`pendingOccurrence`) until the horizon pass, which runs every minute, queues it. The queue
 * therefore holds the next few minutes of work, not one job per registered endpoint.
 */
export const OCCURRENCE_HORIZON_MS = 5 * 60_000;

/** Whether an occurrence planned at `startAfter` is queued now or waits for the horizon pass. */
export function isWithinHorizon(startAfter: Date, now: Date): boolean {
  return startAfter.getTime() < now.getTime() + OCCURRENCE_HORIZON_MS;
}

/**
 * Grace after an endpoint's timeout before an in-flight marker (`inFlightSince`) counts as
 * abandoned (a worker that crashed mid-request): the overlap check stops skipping for it and
 * reconcile may repair the endpoint. One value for both, so they agree on when a run is lost.
 */
export const IN_FLIGHT_GRACE_MS = 60_000;

/**
 * The longest a claimed occurrence is held before it is sent. The database claims occurrences
 * OCCURRENCE_CLAIM_LEAD_MS before they are due by its own clock; one that looks further away than
 * this to the worker means the worker's clock is behind the database's. Holding it for the whole
 * difference would stall the pollers and let the job expire, so the hold is capped and the
 * database's clock wins.
 */
export const MAX_HOLD_MS = 5_000;

/** When a held occurrence planned at `plannedAtMs` is sent: its instant, at most MAX_HOLD_MS from now. */
export function holdUntil(plannedAtMs: number, now: Date): Date {
  return new Date(Math.min(plannedAtMs, now.getTime() + MAX_HOLD_MS));
}
