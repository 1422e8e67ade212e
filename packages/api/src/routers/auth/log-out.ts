import { logOut as logOutService } from '@cronwise/services';
import { z } from 'zod';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const logOut = authedProcedure('read')
  .input(strictInput({}).optional())
  .output(z.object({ loggedOut: z.literal(true) }))
  .mutation(async ({ ctx }) => {
    await logOutService(ctx.deps, ctx.actor);
    ctx.response.clearSessionCookie();
    return { loggedOut: true as const };
  });
