import { clearEndpointAiHints as clearEndpointAiHintsService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const clearEndpointAiHints = authedProcedure('write')
  .meta({
    openapi: {
      method: 'DELETE',
      path: '/endpoints/{id}/ai-hints',
      tags: ['endpoints'],
      summary: 'Remove the AI planner hints',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(endpointSchema)
  .mutation(async ({ ctx, input }) => toEndpointDto(await clearEndpointAiHintsService(ctx.deps, ctx.actor, input.id)));
