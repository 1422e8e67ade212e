import { listEndpoints as listEndpointsService } from '@cronwise/services';
import { idSchema, offsetPageInputShape, pageSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const listEndpoints = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/jobs/{jobId}/endpoints',
      tags: ['endpoints'],
      summary: 'List the endpoints of a job',
    },
  })
  .input(strictInput({ jobId: idSchema, ...offsetPageInputShape }))
  .output(pageSchema(endpointSchema))
  .query(async ({ ctx, input }) => {
    const page = await listEndpointsService(ctx.deps, ctx.actor, input.jobId, input);
    return { items: page.items.map(toEndpointDto), total: page.total, limit: input.limit, offset: input.offset };
  });
