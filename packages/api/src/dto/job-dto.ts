import type { JobRecord } from '@cronwise/services';
import { z } from 'zod';
import { alertPolicySchema, toAlertPolicyDto } from './alert-dto';

export const jobStatusSchema = z.enum(['active', 'paused', 'archived']);

export const jobSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    status: jobStatusSchema,
    alerts: alertPolicySchema.nullable().meta({ description: 'Default alert policy for the job’s endpoints' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Job' });

export type JobDto = z.infer<typeof jobSchema>;

export function toJobDto(job: JobRecord): JobDto {
  return {
    id: job.id,
    name: job.name,
    description: job.description,
    status: job.status,
    alerts: toAlertPolicyDto(job.alertPolicy),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
