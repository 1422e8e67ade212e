import { getEndpointHealth as getEndpointHealthService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { healthSchema, toHealthDto } from '../../dto/health-dto';
import { authedProcedure } from '../../trpc';

export const getEndpointHealth = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/endpoints/{id}/health',
      tags: ['health'],
      summary: 'Endpoint health over 1 h, 24 h and 7 d',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(healthSchema)
  .query(async ({ ctx, input }) => toHealthDto(await getEndpointHealthService(ctx.deps, ctx.actor, input.id)));
