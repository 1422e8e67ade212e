import { getBilling as getBillingService } from '@cronwise/services';
import { billingSchema, toBillingDto } from '../../dto/billing-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const getBilling = authedProcedure('admin')
  .meta({
    openapi: {
      method: 'GET',
      path: '/billing',
      tags: ['billing'],
      summary: 'Your plan, subscription, grace period and the prices you can subscribe to',
    },
  })
  .input(strictInput({}))
  .output(billingSchema)
  .query(async ({ ctx }) => toBillingDto(await getBillingService(ctx.deps, ctx.actor)));
