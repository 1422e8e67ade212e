import { MAX_PASSWORD_LENGTH, signUp as signUpService } from '@cronwise/services';
import { z } from 'zod';
import { toUserDto, userSchema } from '../../dto/account-dto';
import { assertSameOrigin, publicProcedure } from '../../trpc';

export const signUp = publicProcedure
  .input(
    z.object({
      email: z.email().max(320),
      password: z.string().max(MAX_PASSWORD_LENGTH),
      name: z.string().trim().max(200).optional(),
    }),
  )
  .output(z.object({ user: userSchema }))
  .mutation(async ({ ctx, input }) => {
    assertSameOrigin(ctx);
    const result = await signUpService(ctx.deps, input, ctx.request);
    ctx.response.setSessionCookie(result.token, result.session.expiresAt);
    return { user: toUserDto(result.user) };
  });
