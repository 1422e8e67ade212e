import { getJob as getJobService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { jobSchema, toJobDto } from '../../dto/job-dto';
import { authedProcedure } from '../../trpc';

export const getJob = authedProcedure('read')
  .meta({ openapi: { method: 'GET', path: '/jobs/{id}', tags: ['jobs'], summary: 'Get a job' } })
  .input(strictInput({ id: idSchema }))
  .output(jobSchema)
  .query(async ({ ctx, input }) => toJobDto(await getJobService(ctx.deps, ctx.actor, input.id)));
