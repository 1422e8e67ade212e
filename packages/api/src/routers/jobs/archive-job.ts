import { archiveJob as archiveJobService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { jobSchema, toJobDto } from '../../dto/job-dto';
import { authedProcedure } from '../../trpc';

export const archiveJob = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/jobs/{id}/archive',
      tags: ['jobs'],
      summary: 'Archive a job: its endpoints stop running',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(jobSchema)
  .mutation(async ({ ctx, input }) => toJobDto(await archiveJobService(ctx.deps, ctx.actor, input.id)));
