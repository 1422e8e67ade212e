import { logIn as logInService, MAX_PASSWORD_LENGTH } from '@cronwise/services';
import { z } from 'zod';
import { toUserDto, userSchema } from '../../dto/account-dto';
import { strictInput } from '../../dto/common';
import { assertSameOrigin, publicProcedure } from '../../trpc';

export const logIn = publicProcedure
  .input(
    strictInput({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }),
  )
  .output(z.object({ user: userSchema }))
  .mutation(async ({ ctx, input }) => {
    assertSameOrigin(ctx);
    const result = await logInService(ctx.deps, input, ctx.request);
    ctx.response.setSessionCookie(result.token, result.session.expiresAt);
    return { user: toUserDto(result.user) };
  });
