import { dispatchEndpointTest } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { runSchema, toRunDto } from '../../dto/run-dto';
import { authedProcedure } from '../../trpc';

export const testEndpoint = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/endpoints/{id}/test',
      tags: ['endpoints'],
      summary: 'Call the endpoint now and return the recorded run (source test)',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(runSchema)
  .mutation(async ({ ctx, input }) => toRunDto(await dispatchEndpointTest(ctx.deps, ctx.actor, input.id)));
