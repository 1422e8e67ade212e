import { deleteEndpoint as deleteEndpointService } from '@cronwise/services';
import { deletedSchema, idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const deleteEndpoint = authedProcedure('write')
  .meta({
    openapi: {
      method: 'DELETE',
      path: '/endpoints/{id}',
      tags: ['endpoints'],
      summary: 'Delete an endpoint and its runs',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(deletedSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteEndpointService(ctx.deps, ctx.actor, input.id);
    return { id: input.id, deleted: true as const };
  });
