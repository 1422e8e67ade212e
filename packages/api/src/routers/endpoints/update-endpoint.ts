import { updateEndpoint as updateEndpointService } from '@cronwise/services';
import { z } from 'zod';
import { idSchema, strictInput } from '../../dto/common';
import { endpointInputShape, endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const updateEndpoint = authedProcedure('write')
  .meta({
    openapi: {
      method: 'PATCH',
      path: '/endpoints/{id}',
      tags: ['endpoints'],
      summary: 'Change an endpoint; absent fields keep their value',
      description: 'Secret header values are returned as ********; send that mask back to keep a stored secret.',
    },
  })
  .input(strictInput({ id: idSchema, ...z.object(endpointInputShape).partial().shape }))
  .output(endpointSchema)
  .mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    return toEndpointDto(await updateEndpointService(ctx.deps, ctx.actor, id, changes));
  });
