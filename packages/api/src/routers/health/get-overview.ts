import { getOverview as getOverviewService } from '@cronwise/services';
import { strictInput } from '../../dto/common';
import { healthSchema, toHealthDto } from '../../dto/health-dto';
import { authedProcedure } from '../../trpc';

export const getOverview = authedProcedure('read')
  .meta({ openapi: { method: 'GET', path: '/overview', tags: ['health'], summary: 'Health of all your endpoints' } })
  .input(strictInput({}))
  .output(healthSchema)
  .query(async ({ ctx }) => toHealthDto(await getOverviewService(ctx.deps, ctx.actor)));
