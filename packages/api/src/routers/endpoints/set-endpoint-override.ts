import { setEndpointOverride as setEndpointOverrideService } from '@cronwise/services';
import { z } from 'zod';
import { idSchema, isoDateTimeSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const setEndpointOverride = authedProcedure('write')
  .meta({
    openapi: {
      method: 'PUT',
      path: '/endpoints/{id}/override',
      tags: ['endpoints'],
      summary: 'Set a manual override (cadence and/or one-off time) with a time to live',
      description:
        'A manual override outranks AI hints and replaces the baseline until it expires; it never goes below your plan minimum.',
    },
  })
  .input(
    strictInput({
      id: idSchema,
      intervalMs: z.number().int().positive().optional(),
      runAt: isoDateTimeSchema.optional(),
      ttlMs: z.number().int().positive().meta({ description: 'How long the override lasts, up to 30 days' }),
      reason: z.string().trim().min(1).max(500),
    }),
  )
  .output(endpointSchema)
  .mutation(async ({ ctx, input }) =>
    toEndpointDto(
      await setEndpointOverrideService(ctx.deps, ctx.actor, input.id, {
        ...(input.intervalMs !== undefined ? { intervalMs: input.intervalMs } : {}),
        ...(input.runAt ? { runAt: new Date(input.runAt) } : {}),
        ttlMs: input.ttlMs,
        reason: input.reason,
      }),
    ),
  );
