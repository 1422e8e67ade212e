import { triggerEndpointRun } from '@cronwise/services';
import { z } from 'zod';
import { idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const runEndpoint = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/endpoints/{id}/run',
      tags: ['endpoints'],
      summary: 'Run now: one immediate extra run; the schedule is unchanged',
      description: 'Audited and rate-limited. The run appears in the run list with source run-now.',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(z.object({ occurrenceId: z.string(), plannedAt: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const queued = await triggerEndpointRun(ctx.deps, ctx.actor, input.id);
    return { occurrenceId: queued.occurrenceId, plannedAt: queued.plannedAt.toISOString() };
  });
