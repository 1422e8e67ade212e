import { deleteJob as deleteJobService } from '@cronwise/services';
import { deletedSchema, idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const deleteJob = authedProcedure('write')
  .meta({
    openapi: {
      method: 'DELETE',
      path: '/jobs/{id}',
      tags: ['jobs'],
      summary: 'Delete a job with its endpoints and runs',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(deletedSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteJobService(ctx.deps, ctx.actor, input.id);
    return { id: input.id, deleted: true as const };
  });
