import { z } from 'zod';

export const executeOccurrencePayload = z.object({
  endpointId: z.uuid(),
  occurrenceId: z.string().min(1),
  /** The endpoint's schedule version when this occurrence was planned; older means stale. */
  scheduleVersion: z.number().int().nonnegative(),
  plannedAt: z.iso.datetime(),
  source: z.string().min(1),
  explanation: z.string(),
});
export type ExecuteOccurrencePayload = z.infer<typeof executeOccurrencePayload>;

export const reconcileOccurrencesPayload = z.object({}).passthrough();
export const pruneHistoryPayload = z.object({}).passthrough();
export const planEndpointPayload = z.object({ endpointId: z.uuid(), reason: z.string().optional() });
export type PlanEndpointPayload = z.infer<typeof planEndpointPayload>;
