import type { HealthSummary } from '@cronwise/services';
import { z } from 'zod';
import { isoOrNull } from './common';

const windowSchema = z.object({
  window: z.enum(['1h', '24h', '7d']),
  runs: z.number().int(),
  countsByStatus: z.object({
    success: z.number().int(),
    failure: z.number().int(),
    timeout: z.number().int(),
    skipped: z.number().int(),
    quotaExceeded: z.number().int(),
    canceled: z.number().int(),
  }),
  successRate: z.number().nullable().meta({ description: 'Successes / executed runs, 0..1; null when nothing ran' }),
  durationP50Ms: z.number().nullable(),
  durationP95Ms: z.number().nullable(),
  latenessP99Ms: z.number().nullable(),
});

export const healthSchema = z
  .object({
    windows: z.array(windowSchema),
    failureStreak: z.number().int(),
    failingEndpoints: z.number().int(),
    endpoints: z.number().int(),
    lastRunAt: z.string().nullable(),
    lastRunStatus: z.string().nullable(),
    nextRunAt: z.string().nullable(),
  })
  .meta({ id: 'Health' });

export type HealthDto = z.infer<typeof healthSchema>;

export function toHealthDto(health: HealthSummary): HealthDto {
  return { ...health, lastRunAt: isoOrNull(health.lastRunAt), nextRunAt: isoOrNull(health.nextRunAt) };
}
