import { pauseJob as pauseJobService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
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
  .input(strictInput({ id: idSchema }))
  .output(jobSchema)
  .mutation(async ({ ctx, input }) => toJobDto(await pauseJobService(ctx.deps, ctx.actor, input.id)));
