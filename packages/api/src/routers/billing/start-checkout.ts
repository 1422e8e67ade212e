import { startCheckout as startCheckoutService } from '@cronwise/services';
import { z } from 'zod';
import { redirectSchema } from '../../dto/billing-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const startCheckout = authedProcedure('admin')
  .meta({
    openapi: {
      method: 'POST',
      path: '/billing/checkout',
      tags: ['billing'],
      summary: 'Start a Stripe Checkout for a price; returns the page to send the person to',
    },
  })
  .input(
    strictInput({
      priceId: z
        .string()
        .min(1)
        .max(255)
        .meta({ description: 'A Stripe price id from GET /billing `prices`', example: 'price_123' }),
    }),
  )
  .output(redirectSchema)
  .mutation(({ ctx, input }) => startCheckoutService(ctx.deps, ctx.actor, { priceId: input.priceId }));
