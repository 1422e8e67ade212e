import { MAX_PASSWORD_LENGTH, verifyEmail as verifyEmailService } from '@cronwise/services';
import { z } from 'zod';
import { toUserDto, userSchema } from '../../dto/account-dto';
import { strictInput } from '../../dto/common';
import { assertSameOrigin, publicProcedure } from '../../trpc';

/** Opens the e-mailed link with the sign-up password: confirms the address and signs its holder in. */
export const verifyEmail = publicProcedure
  .input(strictInput({ token: z.string().trim().min(1).max(200), password: z.string().max(MAX_PASSWORD_LENGTH) }))
  .output(z.object({ user: userSchema }))
  .mutation(async ({ ctx, input }) => {
    assertSameOrigin(ctx);
    const result = await verifyEmailService(ctx.deps, input, ctx.request);
    ctx.response.setSessionCookie(result.token, result.session.expiresAt);
    return { user: toUserDto(result.user) };
  });
