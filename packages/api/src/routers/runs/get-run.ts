import { getRun as getRunService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { runSchema, toRunDto } from '../../dto/run-dto';
import { authedProcedure } from '../../trpc';

export const getRun = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/runs/{id}',
      tags: ['runs'],
      summary: 'Get a run with its response and request snapshot',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(runSchema)
  .query(async ({ ctx, input }) => toRunDto(await getRunService(ctx.deps, ctx.actor, input.id)));
