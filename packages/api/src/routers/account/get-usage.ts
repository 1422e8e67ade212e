import { getUsage as getUsageService } from '@cronwise/services';
import { z } from 'zod';
import { toUsageDto, usageSchema } from '../../dto/account-dto';
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
  .input(z.object({}))
  .output(usageSchema)
  .query(async ({ ctx }) => toUsageDto(await getUsageService(ctx.deps, ctx.actor)));
