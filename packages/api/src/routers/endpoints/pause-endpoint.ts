import { pauseEndpoint as pauseEndpointService } from '@cronwise/services';
import { z } from 'zod';
import { idSchema, isoDateTimeSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const pauseEndpoint = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/endpoints/{id}/pause',
      tags: ['endpoints'],
      summary: 'Pause an endpoint, until a time or until resumed',
    },
  })
  .input(strictInput({ id: idSchema, until: isoDateTimeSchema.optional(), reason: z.string().max(500).optional() }))
  .output(endpointSchema)
  .mutation(async ({ ctx, input }) =>
    toEndpointDto(
      await pauseEndpointService(ctx.deps, ctx.actor, input.id, {
        ...(input.until ? { until: new Date(input.until) } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
      }),
    ),
  );
