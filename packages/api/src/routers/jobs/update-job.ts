import { updateJob as updateJobService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { jobSchema, toJobDto } from '../../dto/job-dto';
import { authedProcedure } from '../../trpc';
import { jobFieldsShape } from './create-job';

export const updateJob = authedProcedure('write')
  .meta({
    openapi: {
      method: 'PATCH',
      path: '/jobs/{id}',
      tags: ['jobs'],
      summary: 'Rename or re-describe a job, or change its default alert policy (null removes it)',
    },
  })
  .input(
    strictInput({
      id: idSchema,
      name: jobFieldsShape.name.optional(),
      description: jobFieldsShape.description,
      alerts: jobFieldsShape.alerts,
    }),
  )
  .output(jobSchema)
  .mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    return toJobDto(await updateJobService(ctx.deps, ctx.actor, id, changes));
  });
