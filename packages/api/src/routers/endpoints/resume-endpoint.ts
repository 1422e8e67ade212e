import { resumeEndpoint as resumeEndpointService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const resumeEndpoint = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/endpoints/{id}/resume',
      tags: ['endpoints'],
      summary: 'Resume a paused endpoint',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(endpointSchema)
  .mutation(async ({ ctx, input }) => toEndpointDto(await resumeEndpointService(ctx.deps, ctx.actor, input.id)));
