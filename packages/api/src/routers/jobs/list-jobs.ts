import { listJobs as listJobsService } from '@cronwise/services';
import { offsetPageInputShape, pageSchema, strictInput } from '../../dto/common';
import { jobSchema, jobStatusSchema, toJobDto } from '../../dto/job-dto';
import { authedProcedure } from '../../trpc';

export const listJobs = authedProcedure('read')
  .meta({ openapi: { method: 'GET', path: '/jobs', tags: ['jobs'], summary: 'List your jobs, newest first' } })
  .input(strictInput({ ...offsetPageInputShape, status: jobStatusSchema.optional() }))
  .output(pageSchema(jobSchema))
  .query(async ({ ctx, input }) => {
    const page = await listJobsService(ctx.deps, ctx.actor, input);
    return { items: page.items.map(toJobDto), total: page.total, limit: input.limit, offset: input.offset };
  });
