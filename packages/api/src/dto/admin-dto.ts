import type { OccurrenceExplanation, QueueStats, RedriveResult, UserRecord } from '@cronwise/services';
import { z } from 'zod';

/**
 * Operator views, served over tRPC only (the web app's admin pages); dates travel as Dates
 * through superjson. Not part of the public REST API.
 */

export const queueStatsSchema = z.object({
  queue: z.string(),
  queued: z.number().int(),
  deferred: z.number().int(),
  active: z.number().int(),
  failed: z.number().int(),
  oldestDueAt: z.date().nullable(),
  oldestDueLagMs: z.number().nullable(),
});

export const redriveResultSchema = z.object({
  queue: z.string(),
  found: z.number().int(),
  redriven: z.number().int(),
});

export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['user', 'admin']),
  tier: z.enum(['free', 'pro', 'enterprise']),
  emailVerified: z.boolean(),
  createdAt: z.date(),
});

const explainedRunSchema = z.object({ at: z.date(), source: z.string(), explanation: z.string() });

export const occurrenceExplanationSchema = z.object({
  now: z.date(),
  endpoint: z.object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    jobId: z.string(),
    jobStatus: z.enum(['active', 'paused', 'archived']),
    ownerId: z.string(),
    ownerEmail: z.string().nullable(),
    tier: z.enum(['free', 'pro', 'enterprise']),
  }),
  schedule: z.object({
    type: z.enum(['interval', 'cron']),
    intervalMs: z.number().nullable(),
    cron: z.string().nullable(),
    timezone: z.string().nullable(),
    description: z.string(),
    catchUpPolicy: z.enum(['skip', 'once']),
  }),
  governorInputs: z.object({
    lastPlannedAt: z.date().nullable(),
    lastScheduledRunAt: z.date().nullable(),
    lastRunAt: z.date().nullable(),
    lastRunStatus: z.string().nullable(),
    failureStreak: z.number().int(),
    scheduleVersion: z.number().int(),
    minIntervalMs: z.number().nullable(),
    maxIntervalMs: z.number().nullable(),
    tierMinIntervalMs: z.number(),
  }),
  hints: z.array(
    z.object({
      kind: z.enum(['ai-interval', 'ai-oneshot', 'manual']),
      intervalMs: z.number().nullable(),
      runAt: z.date().nullable(),
      expiresAt: z.date().nullable(),
      reason: z.string(),
      isInForce: z.boolean(),
      note: z.string(),
    }),
  ),
  clamps: z.array(
    z.object({
      name: z.enum(['tier-minimum', 'endpoint-minimum', 'endpoint-maximum', 'pause', 'job-status', 'quota', 'backoff']),
      isActive: z.boolean(),
      detail: z.string(),
    }),
  ),
  planned: explainedRunSchema.nullable(),
  replannedNow: explainedRunSchema.nullable(),
  upcoming: z.array(explainedRunSchema),
  queued: z.array(
    z.object({
      location: z.enum(['queue', 'endpoint-row']),
      jobId: z.string().nullable(),
      state: z.string(),
      kind: z.string(),
      occurrenceId: z.string().nullable(),
      startAfter: z.date(),
      attempt: z.number().int().nullable(),
      source: z.string().nullable(),
      explanation: z.string().nullable(),
      isCurrent: z.boolean(),
    }),
  ),
  horizonMs: z.number(),
  findings: z.array(z.string()),
});

export function toAdminUserDto(user: UserRecord): z.infer<typeof adminUserSchema> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt,
  };
}

export const toQueueStatsDto = (stats: QueueStats): z.infer<typeof queueStatsSchema> => stats;
export const toRedriveResultDto = (result: RedriveResult): z.infer<typeof redriveResultSchema> => result;
export const toOccurrenceExplanationDto = (
  explanation: OccurrenceExplanation,
): z.infer<typeof occurrenceExplanationSchema> => explanation;
