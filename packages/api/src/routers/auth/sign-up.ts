import { MAX_PASSWORD_LENGTH, signUp as signUpService } from '@cronwise/services';
import { z } from 'zod';
import { strictInput } from '../../dto/common';
import { assertSameOrigin, publicProcedure } from '../../trpc';

/**
 * Starts an account: no session until the address is confirmed by the e-mailed link, and the same
 * answer whether or not the address is registered already.
 */
export const signUp = publicProcedure
  .input(
    strictInput({
      email: z.email().max(320),
      password: z.string().max(MAX_PASSWORD_LENGTH),
      name: z.string().trim().max(200).optional(),
    }),
  )
  .output(z.object({ email: z.string(), verificationSent: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    assertSameOrigin(ctx);
    return signUpService(ctx.deps, input, ctx.request);
  });
