import { openBillingPortal as openBillingPortalService } from '@cronwise/services';
import { redirectSchema } from '../../dto/billing-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const openBillingPortal = authedProcedure('admin')
  .meta({
    openapi: {
      method: 'POST',
      path: '/billing/portal',
      tags: ['billing'],
      summary: 'Open the Stripe customer portal: payment method, invoices, plan change, cancellation',
    },
  })
  .input(strictInput({}))
  .output(redirectSchema)
  .mutation(({ ctx }) => openBillingPortalService(ctx.deps, ctx.actor));
