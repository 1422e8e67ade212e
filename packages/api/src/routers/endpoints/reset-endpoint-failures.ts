import { resetEndpointFailures as resetEndpointFailuresService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const resetEndpointFailures = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/endpoints/{id}/reset-failures',
      tags: ['endpoints'],
      summary: 'Reset the failure streak and its backoff',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(endpointSchema)
  .mutation(async ({ ctx, input }) => toEndpointDto(await resetEndpointFailuresService(ctx.deps, ctx.actor, input.id)));
