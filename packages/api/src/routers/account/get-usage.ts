import { getUsage as getUsageService } from '@cronwise/services';
import { toUsageDto, usageSchema } from '../../dto/account-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const getUsage = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/usage',
      tags: ['account'],
      summary: 'This month’s runs and AI tokens against your plan',
    },
  })
  .input(strictInput({}))
  .output(usageSchema)
  .query(async ({ ctx }) => toUsageDto(await getUsageService(ctx.deps, ctx.actor)));
