import { z } from 'zod';

export const occurrenceKind = z.enum(['scheduled', 'run-now', 'retry', 'test']);
export type OccurrenceKind = z.infer<typeof occurrenceKind>;

export const executeOccurrencePayload = z.object({
  endpointId: z.uuid(),
  /** Stable across attempts; sent to the target as the Idempotency-Key header. */
  occurrenceId: z.string().min(1),
  kind: occurrenceKind,
  /** 1 for the first attempt; retries carry the next attempt number. */
  attempt: z.number().int().positive(),
  /**
   * The endpoint's schedule version (a count of its schedule changes) when this occurrence was
   * planned: for diagnostics only. Staleness is decided by the occurrence id, which must equal the
   * endpoint's `currentOccurrenceId`.
   */
  scheduleVersion: z.number().int().nonnegative(),
  plannedAt: z.iso.datetime(),
  /** The grid position behind plannedAt (before clamps and jitter), kept as lastPlannedAt after the run. */
  anchorAt: z.iso.datetime().nullable(),
  /** What decided the time: baseline-cron, ai-interval, manual, run-now, retry, ... */
  source: z.string().min(1),
  explanation: z.string(),
  /** Hint consumed by running this occurrence, cleared afterwards. */
  consumesOneShot: z.enum(['ai-oneshot', 'manual']).nullable(),
});
export type ExecuteOccurrencePayload = z.infer<typeof executeOccurrencePayload>;

export const reconcileOccurrencesPayload = z.object({}).passthrough();
export const pruneHistoryPayload = z.object({}).passthrough();
export const reviewBillingPayload = z.object({ userId: z.uuid() });
export type ReviewBillingPayload = z.infer<typeof reviewBillingPayload>;
export const analysisTrigger = z.enum(['run-change', 'scheduled', 'manual', 'sibling']);
export type AnalysisTrigger = z.infer<typeof analysisTrigger>;

export const planEndpointPayload = z.object({
  endpointId: z.uuid(),
  /** What asked for it: a run that changed state, the planned re-check, a person, or a sibling's signal. */
  trigger: analysisTrigger.default('run-change'),
  /** Why, in a few words ("failure streak 0 → 1", "body signal changed"). */
  reason: z.string().max(200).optional(),
  /** Set by "analyze now": the session row the API already created and returned. */
  sessionId: z.uuid().optional(),
});
export type PlanEndpointPayload = z.infer<typeof planEndpointPayload>;
export const scheduleAnalysesPayload = z.object({}).passthrough();

export const deliverAlertPayload = z.object({ deliveryId: z.uuid() });
export type DeliverAlertPayload = z.infer<typeof deliverAlertPayload>;
