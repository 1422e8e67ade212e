import { clearEndpointOverride as clearEndpointOverrideService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const clearEndpointOverride = authedProcedure('write')
  .meta({
    openapi: {
      method: 'DELETE',
      path: '/endpoints/{id}/override',
      tags: ['endpoints'],
      summary: 'Remove the manual override',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(endpointSchema)
  .mutation(async ({ ctx, input }) => toEndpointDto(await clearEndpointOverrideService(ctx.deps, ctx.actor, input.id)));
