import { createJob as createJobService } from '@cronwise/services';
import { z } from 'zod';
import { alertPolicyInputSchema } from '../../dto/alert-dto';
import { strictInput } from '../../dto/common';
import { jobSchema, toJobDto } from '../../dto/job-dto';
import { authedProcedure } from '../../trpc';

export const jobFieldsShape = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  alerts: alertPolicyInputSchema
    .nullable()
    .optional()
    .meta({ description: 'Default alert policy for the job’s endpoints (an endpoint’s own policy wins)' }),
};

export const createJob = authedProcedure('write')
  .meta({ openapi: { method: 'POST', path: '/jobs', tags: ['jobs'], summary: 'Create a job' } })
  .input(strictInput(jobFieldsShape))
  .output(jobSchema)
  .mutation(async ({ ctx, input }) => toJobDto(await createJobService(ctx.deps, ctx.actor, input)));
