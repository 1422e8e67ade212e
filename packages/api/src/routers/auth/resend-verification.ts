import { resendVerificationMail } from '@cronwise/services';
import { z } from 'zod';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const resendVerification = authedProcedure('read')
  .input(strictInput({}).optional())
  .output(z.object({ email: z.string(), isAlreadyVerified: z.boolean() }))
  .mutation(({ ctx }) => resendVerificationMail(ctx.deps, ctx.actor, ctx.request));
