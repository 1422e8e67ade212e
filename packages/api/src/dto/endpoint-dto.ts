import {
  type EndpointRecord,
  HTTP_METHODS,
  hintsFromColumns,
  maskHeaders,
  scheduleFromColumns,
} from '@cronwise/services';
import { z } from 'zod';
import { alertPolicyInputSchema, alertPolicySchema, toAlertPolicyDto } from './alert-dto';
import { isoOrNull, strictInput } from './common';

export const scheduleSchema = z
  .discriminatedUnion('type', [
    strictInput({
      type: z.literal('interval'),
      intervalMs: z.number().int().positive().meta({ description: 'Milliseconds between runs', example: 300000 }),
    }),
    strictInput({
      type: z.literal('cron'),
      cron: z.string().min(1).max(200).meta({ description: '5 or 6 field cron expression', example: '*/15 * * * *' }),
      timezone: z.string().min(1).max(100).meta({ description: 'IANA time zone', example: 'Europe/Berlin' }),
    }),
  ])
  .meta({ id: 'Schedule' });

export const headerSchema = strictInput({
  name: z.string().min(1).max(256),
  value: z.string().max(8192).meta({ description: 'Secret values are returned masked as ********' }),
  isSecret: z.boolean().optional().meta({
    description:
      'Stored encrypted and never returned; implied for Authorization, Cookie and names containing token, key or secret',
  }),
});

export const retrySchema = strictInput({
  maxAttempts: z.number().int().min(1).max(20).meta({ description: 'Attempts per run, the first included' }),
  baseDelayMs: z.number().int().min(0),
  maxDelayMs: z.number().int().min(0),
});

const policyEnums = {
  overlap: z.enum(['skip', 'allow']),
  catchUp: z.enum(['skip', 'once']),
  aiMode: z.enum(['off', 'suggest', 'auto']),
};

/** Fields of the endpoint body shared by create and update. */
export const endpointInputShape = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional().meta({ description: 'Plain-language rules the AI planner reads' }),
  url: z.string().min(1).max(2048).meta({ example: 'https://api.example.com/hooks/sync' }),
  method: z.enum(HTTP_METHODS).optional(),
  headers: z.array(headerSchema).max(50).optional(),
  body: z.string().nullable().optional(),
  timeoutMs: z.number().int().positive().optional(),
  schedule: scheduleSchema,
  minIntervalMs: z.number().int().positive().nullable().optional(),
  maxIntervalMs: z.number().int().positive().nullable().optional(),
  retry: retrySchema.optional(),
  successStatusCodes: z.string().min(3).max(200).optional().meta({ example: '200-299,304' }),
  overlap: policyEnums.overlap.optional(),
  catchUp: policyEnums.catchUp.optional(),
  aiMode: policyEnums.aiMode.optional(),
  alerts: alertPolicyInputSchema
    .nullable()
    .optional()
    .meta({ description: 'This endpoint’s own alert policy; null (or absent on create) uses the job’s' }),
};

const hintSchema = z.object({ expiresAt: z.string().nullable(), reason: z.string().nullable() });

export const endpointSchema = z
  .object({
    id: z.string(),
    jobId: z.string(),
    name: z.string(),
    description: z.string(),
    url: z.string(),
    method: z.string(),
    headers: z.array(z.object({ name: z.string(), value: z.string(), isSecret: z.boolean() })),
    body: z.string().nullable(),
    timeoutMs: z.number().int(),
    schedule: scheduleSchema,
    minIntervalMs: z.number().int().nullable(),
    maxIntervalMs: z.number().int().nullable(),
    retry: retrySchema,
    successStatusCodes: z.string(),
    overlap: policyEnums.overlap,
    catchUp: policyEnums.catchUp,
    aiMode: policyEnums.aiMode,
    isSigned: z.boolean(),
    alerts: alertPolicySchema
      .nullable()
      .meta({ description: 'This endpoint’s own alert policy; null when the job’s policy (if any) applies' }),
    pause: z
      .object({
        pausedAt: z.string(),
        until: z.string().nullable(),
        reason: z.string().nullable(),
        pausedBy: z.enum(['user', 'ai', 'system']).nullable(),
      })
      .nullable(),
    hints: z.object({
      aiInterval: hintSchema.extend({ intervalMs: z.number().int() }).nullable(),
      aiOneShot: hintSchema.extend({ runAt: z.string() }).nullable(),
      manual: hintSchema.extend({ intervalMs: z.number().int().nullable(), runAt: z.string().nullable() }).nullable(),
    }),
    nextRunAt: z
      .string()
      .nullable()
      .meta({ description: 'When the endpoint runs next; null while paused or inactive' }),
    nextRunSource: z
      .string()
      .nullable()
      .meta({ description: 'What decided nextRunAt, e.g. baseline-cron, manual, clamped-min' }),
    nextRunExplanation: z.string().nullable().meta({ description: 'One sentence for people' }),
    lastRunAt: z.string().nullable(),
    lastRunStatus: z.string().nullable(),
    failureStreak: z.number().int(),
    ai: z
      .object({
        mode: policyEnums.aiMode,
        status: z.string().nullable().meta({
          description:
            'ok, error (e.g. the provider rejected the key) or budget_exhausted; null before the first session',
        }),
        statusMessage: z.string().nullable(),
        lastSessionAt: z.string().nullable(),
        nextAnalysisAt: z
          .string()
          .nullable()
          .meta({ description: 'When the planner looks again (chosen by the last session)' }),
      })
      .meta({ description: 'The AI planner’s view of this endpoint' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Endpoint' });

export type EndpointDto = z.infer<typeof endpointSchema>;

/** The hints the governor plans with (`hintsFromColumns`), so the API never shows one it ignores. */
function hintsDto(endpoint: EndpointRecord): EndpointDto['hints'] {
  const hints = hintsFromColumns(endpoint);
  return {
    aiInterval: hints.aiInterval
      ? {
          intervalMs: hints.aiInterval.intervalMs,
          expiresAt: hints.aiInterval.expiresAt.toISOString(),
          reason: endpoint.aiIntervalReason,
        }
      : null,
    aiOneShot: hints.aiOneShot
      ? {
          runAt: hints.aiOneShot.runAt.toISOString(),
          expiresAt: hints.aiOneShot.expiresAt.toISOString(),
          reason: endpoint.aiOneShotReason,
        }
      : null,
    manual: hints.manual
      ? {
          intervalMs: hints.manual.intervalMs ?? null,
          runAt: isoOrNull(hints.manual.runAt ?? null),
          expiresAt: isoOrNull(hints.manual.expiresAt),
          reason: endpoint.manualReason,
        }
      : null,
  };
}

export function toEndpointDto(endpoint: EndpointRecord): EndpointDto {
  return {
    id: endpoint.id,
    jobId: endpoint.jobId,
    name: endpoint.name,
    description: endpoint.description,
    url: endpoint.url,
    method: endpoint.method,
    headers: maskHeaders(endpoint.headers),
    body: endpoint.body,
    timeoutMs: endpoint.timeoutMs,
    schedule: scheduleFromColumns(endpoint),
    minIntervalMs: endpoint.minIntervalMs,
    maxIntervalMs: endpoint.maxIntervalMs,
    retry: {
      maxAttempts: endpoint.retryMaxAttempts,
      baseDelayMs: endpoint.retryBaseDelayMs,
      maxDelayMs: endpoint.retryMaxDelayMs,
    },
    successStatusCodes: endpoint.successStatusCodes,
    overlap: endpoint.overlapPolicy,
    catchUp: endpoint.catchUpPolicy,
    aiMode: endpoint.aiMode,
    isSigned: endpoint.isSigned,
    alerts: toAlertPolicyDto(endpoint.alertPolicy),
    pause: endpoint.pausedAt
      ? {
          pausedAt: endpoint.pausedAt.toISOString(),
          until: isoOrNull(endpoint.pausedUntil),
          reason: endpoint.pauseReason,
          pausedBy: endpoint.pausedBy,
        }
      : null,
    hints: hintsDto(endpoint),
    nextRunAt: isoOrNull(endpoint.nextRunAt),
    nextRunSource: endpoint.nextRunSource,
    nextRunExplanation: endpoint.nextRunExplanation,
    lastRunAt: isoOrNull(endpoint.lastRunAt),
    lastRunStatus: endpoint.lastRunStatus,
    failureStreak: endpoint.failureStreak,
    ai: {
      mode: endpoint.aiMode,
      status: endpoint.aiStatus,
      statusMessage: endpoint.aiStatusMessage,
      lastSessionAt: isoOrNull(endpoint.lastAnalysisAt),
      nextAnalysisAt: isoOrNull(endpoint.nextAnalysisAt),
    },
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}
