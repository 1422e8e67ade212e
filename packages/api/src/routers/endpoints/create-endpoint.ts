import { createEndpoint as createEndpointService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { endpointInputShape, endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const createEndpoint = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/jobs/{jobId}/endpoints',
      tags: ['endpoints'],
      summary: 'Create an endpoint in a job',
      description:
        'Validates the schedule (cron and time zone, or interval) against your plan, the URL against the address policy, and plans the first run. The response says when it runs next and why.',
    },
  })
  .input(strictInput({ jobId: idSchema, ...endpointInputShape }))
  .output(endpointSchema)
  .mutation(async ({ ctx, input }) => {
    const { jobId, ...settings } = input;
    return toEndpointDto(await createEndpointService(ctx.deps, ctx.actor, jobId, settings));
  });
