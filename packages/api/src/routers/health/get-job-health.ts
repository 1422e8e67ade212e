import { getJobHealth as getJobHealthService } from '@cronwise/services';
import { idSchema, strictInput } from '../../dto/common';
import { healthSchema, toHealthDto } from '../../dto/health-dto';
import { authedProcedure } from '../../trpc';

export const getJobHealth = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/jobs/{id}/health',
      tags: ['health'],
      summary: 'Health of all endpoints of a job',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(healthSchema)
  .query(async ({ ctx, input }) => toHealthDto(await getJobHealthService(ctx.deps, ctx.actor, input.id)));
