import { pauseJob as pauseJobService } from '@cronwise/services';
import { z } from 'zod';
import { idSchema } from '../../dto/common';
import { jobSchema, toJobDto } from '../../dto/job-dto';
import { authedProcedure } from '../../trpc';

export const pauseJob = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/jobs/{id}/pause',
      tags: ['jobs'],
      summary: 'Pause a job: none of its endpoints run',
    },
  })
  .input(z.object({ id: idSchema }))
  .output(jobSchema)
  .mutation(async ({ ctx, input }) => toJobDto(await pauseJobService(ctx.deps, ctx.actor, input.id)));
