import { getEndpoint as getEndpointService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const getEndpoint = authedProcedure('read')
  .meta({ openapi: { method: 'GET', path: '/endpoints/{id}', tags: ['endpoints'], summary: 'Get an endpoint' } })
  .input(strictInput({ id: idSchema }))
  .output(endpointSchema)
  .query(async ({ ctx, input }) => toEndpointDto(await getEndpointService(ctx.deps, ctx.actor, input.id)));
