import { resumeJob as resumeJobService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { jobSchema, toJobDto } from '../../dto/job-dto';
import { authedProcedure } from '../../trpc';

export const resumeJob = authedProcedure('write')
  .meta({
    openapi: { method: 'POST', path: '/jobs/{id}/resume', tags: ['jobs'], summary: 'Resume a paused or archived job' },
  })
  .input(strictInput({ id: idSchema }))
  .output(jobSchema)
  .mutation(async ({ ctx, input }) => toJobDto(await resumeJobService(ctx.deps, ctx.actor, input.id)));
