import type { ExecuteOccurrencePayload } from './payloads';

/**
 * The one place that writes `execute-occurrence` payloads, one factory per kind, each with the
 * pg-boss placement that goes with it (`startAfter`, `singletonKey`). Services, the worker, the CLI
 * and the benchmark build occurrences only through these.
 *
 * Singleton keys: a scheduled occurrence is keyed by its endpoint (at most one queued per endpoint,
 * replaced by upsert on an edit); run-now and retries have keys of their own, so they never
 * displace the scheduled one.
 */
/**
 * A scheduled occurrence becomes claimable this long before its planned instant: a worker claims
 * it early, holds it under its heartbeat and fires it on an in-process timer at the instant
 * (services `executeOccurrencesOnTime`), instead of whenever its next poll comes round (pg-boss
 * polls at most every 500 ms). A few hundred ms covers a poll; longer only holds workers idle.
 * Retries and run-now have no lead: nobody waits on them to the millisecond.
 */
export const OCCURRENCE_CLAIM_LEAD_MS = 500;

/** When a scheduled occurrence planned at `plannedAt` may be claimed. */
export function scheduledStartAfter(plannedAt: Date): Date {
  return new Date(plannedAt.getTime() - OCCURRENCE_CLAIM_LEAD_MS);
}

export interface OccurrenceJob {
  data: ExecuteOccurrencePayload;
  startAfter: Date;
  singletonKey: string;
}

export interface OccurrenceIdentity {
  endpointId: string;
  occurrenceId: string;
  /** The endpoint's schedule version when the occurrence was planned (diagnostics only; see the payload). */
  scheduleVersion: number;
}

/** The endpoint's next scheduled occurrence, as the governor planned it. */
export function scheduledOccurrenceJob(
  occurrence: OccurrenceIdentity & {
    plannedAt: Date;
    /** The grid position behind plannedAt, before clamps and jitter. */
    anchorAt: Date | null;
    source: string;
    explanation: string;
    consumesOneShot: ExecuteOccurrencePayload['consumesOneShot'];
  },
): OccurrenceJob {
  return {
    data: {
      endpointId: occurrence.endpointId,
      occurrenceId: occurrence.occurrenceId,
      kind: 'scheduled',
      attempt: 1,
      scheduleVersion: occurrence.scheduleVersion,
      plannedAt: occurrence.plannedAt.toISOString(),
      anchorAt: occurrence.anchorAt?.toISOString() ?? null,
      source: occurrence.source,
      explanation: occurrence.explanation,
      consumesOneShot: occurrence.consumesOneShot,
    },
    startAfter: scheduledStartAfter(occurrence.plannedAt),
    singletonKey: occurrence.endpointId,
  };
}

/** The next attempt of an occurrence that failed: same occurrence id, so the same Idempotency-Key. */
export function retryOccurrenceJob(
  failed: ExecuteOccurrencePayload,
  retry: { attempt: number; plannedAt: Date; explanation: string },
): OccurrenceJob {
  return {
    data: {
      ...failed,
      kind: 'retry',
      attempt: retry.attempt,
      plannedAt: retry.plannedAt.toISOString(),
      source: 'retry',
      explanation: retry.explanation,
      consumesOneShot: null,
    },
    startAfter: retry.plannedAt,
    singletonKey: `retry:${failed.occurrenceId}`,
  };
}

/** One extra, immediate run asked for by a person; the schedule is unchanged. */
export function runNowOccurrenceJob(occurrence: OccurrenceIdentity & { at: Date }): OccurrenceJob {
  return {
    data: {
      endpointId: occurrence.endpointId,
      occurrenceId: occurrence.occurrenceId,
      kind: 'run-now',
      attempt: 1,
      scheduleVersion: occurrence.scheduleVersion,
      plannedAt: occurrence.at.toISOString(),
      anchorAt: null,
      source: 'run-now',
      explanation: 'run now, requested by a person; the schedule is unchanged',
      consumesOneShot: null,
    },
    startAfter: occurrence.at,
    singletonKey: `now:${occurrence.occurrenceId}`,
  };
}

/** A synchronous test call from the API, executed in-process (never queued); the schedule is unchanged. */
export function testOccurrenceJob(occurrence: OccurrenceIdentity & { at: Date }): OccurrenceJob {
  return {
    data: {
      endpointId: occurrence.endpointId,
      occurrenceId: occurrence.occurrenceId,
      kind: 'test',
      attempt: 1,
      scheduleVersion: occurrence.scheduleVersion,
      plannedAt: occurrence.at.toISOString(),
      anchorAt: null,
      source: 'test',
      explanation: 'test request from the API; the schedule is unchanged',
      consumesOneShot: null,
    },
    startAfter: occurrence.at,
    singletonKey: `test:${occurrence.occurrenceId}`,
  };
}
