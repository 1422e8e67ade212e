import { MAX_PASSWORD_LENGTH, resetPassword as resetPasswordService } from '@cronwise/services';
import { z } from 'zod';
import { strictInput } from '../../dto/common';
import { assertSameOrigin, publicProcedure } from '../../trpc';

/** Sets a new password from the e-mailed link; every session of the account ends. */
export const resetPassword = publicProcedure
  .input(strictInput({ token: z.string().trim().min(1).max(200), newPassword: z.string().max(MAX_PASSWORD_LENGTH) }))
  .output(z.object({ email: z.string(), reset: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    assertSameOrigin(ctx);
    const result = await resetPasswordService(ctx.deps, input);
    return { email: result.email, reset: true as const };
  });
