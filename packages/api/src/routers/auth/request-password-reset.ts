import { requestPasswordReset as requestPasswordResetService } from '@cronwise/services';
import { z } from 'zod';
import { strictInput } from '../../dto/common';
import { assertSameOrigin, publicProcedure } from '../../trpc';

/** Mails a reset link if the address has an account; answers the same either way. */
export const requestPasswordReset = publicProcedure
  .input(strictInput({ email: z.email().max(320) }))
  .output(z.object({ email: z.string(), resetSent: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    assertSameOrigin(ctx);
    return requestPasswordResetService(ctx.deps, input, ctx.request);
  });
