import type { RunRecord, RunSummary } from '@cronwise/services';
import { z } from 'zod';
import { isoOrNull } from './common';

export const runStatusSchema = z.enum([
  'running',
  'success',
  'failure',
  'timeout',
  'skipped',
  'quota_exceeded',
  'canceled',
]);

export const runSummarySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    jobId: z.string(),
    occurrenceId: z.string(),
    attempt: z.number().int(),
    plannedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    status: runStatusSchema,
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    latenessMs: z.number().int().nullable(),
    source: z
      .string()
      .meta({ description: 'What decided the time: baseline-cron, ai-interval, manual, run-now, retry, test ...' }),
    explanation: z.string(),
    responseTruncated: z.boolean(),
    responseContentType: z.string().nullable(),
    responseSizeBytes: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'RunSummary' });

export const runSchema = runSummarySchema
  .extend({
    responseBody: z.string().nullable(),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    requestSnapshot: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'Run' });

export type RunSummaryDto = z.infer<typeof runSummarySchema>;
export type RunDto = z.infer<typeof runSchema>;

export function toRunSummaryDto(run: RunSummary): RunSummaryDto {
  return {
    id: run.id,
    endpointId: run.endpointId,
    jobId: run.jobId,
    occurrenceId: run.occurrenceId,
    attempt: run.attempt,
    plannedAt: run.plannedAt.toISOString(),
    startedAt: isoOrNull(run.startedAt),
    finishedAt: isoOrNull(run.finishedAt),
    status: run.status,
    statusCode: run.statusCode,
    durationMs: run.durationMs,
    latenessMs: run.latenessMs,
    source: run.source,
    explanation: run.explanation,
    responseTruncated: run.responseTruncated,
    responseContentType: run.responseContentType,
    responseSizeBytes: run.responseSizeBytes,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
  };
}

function asStringRecord(value: unknown): Record<string, string> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, String(entry)]));
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function toRunDto(run: RunRecord): RunDto {
  return {
    ...toRunSummaryDto(run),
    responseBody: run.responseBody,
    responseHeaders: asStringRecord(run.responseHeaders),
    requestSnapshot: asRecord(run.requestSnapshot),
  };
}
