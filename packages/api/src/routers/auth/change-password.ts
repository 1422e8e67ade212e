import { changePassword as changePasswordService, MAX_PASSWORD_LENGTH } from '@cronwise/services';
import { z } from 'zod';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

/** Sessions only (the service refuses API keys): it signs out every session and issues a new cookie. */
export const changePassword = authedProcedure('admin')
  .input(
    strictInput({
      currentPassword: z.string().max(MAX_PASSWORD_LENGTH),
      newPassword: z.string().max(MAX_PASSWORD_LENGTH),
    }),
  )
  .output(z.object({ changed: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const issued = await changePasswordService(ctx.deps, ctx.actor, input, ctx.request);
    ctx.response.setSessionCookie(issued.token, issued.session.expiresAt);
    return { changed: true as const };
  });
