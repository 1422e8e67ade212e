import { MAX_ROTATION_GRACE_HOURS, rotateSigningKey as rotateSigningKeyService } from '@cronwise/services';
import { z } from 'zod';
import { strictInput } from '../../dto/common';
import { signingKeyRingSchema, toSigningKeyRingDto } from '../../dto/signing-key-dto';
import { authedProcedure } from '../../trpc';

export const rotateSigningKey = authedProcedure('admin')
  .meta({
    openapi: {
      method: 'POST',
      path: '/signing-keys/rotate',
      tags: ['account'],
      summary: 'Start signing with a new key; the previous key co-signs until the grace period ends',
    },
  })
  .input(
    strictInput({
      graceHours: z
        .number()
        .int()
        .min(0)
        .max(MAX_ROTATION_GRACE_HOURS)
        .optional()
        .meta({ description: 'Hours the previous key keeps co-signing (default 24)' }),
    }),
  )
  .output(signingKeyRingSchema)
  .mutation(async ({ ctx, input }) => toSigningKeyRingDto(await rotateSigningKeyService(ctx.deps, ctx.actor, input)));
