import { analyzeEndpoint as analyzeEndpointService } from '@cronwise/services';
import { z } from 'zod';
import { idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const analyzeEndpoint = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/endpoints/{id}/analyze',
      tags: ['ai'],
      summary: 'Analyze now: queue an AI planner session for this endpoint (202)',
      description:
        'Returns the session id at once; the worker fills the session in (poll GET /ai-sessions/{id}). Rate-limited; 409 when the endpoint’s aiMode is off.',
      successDescription: 'Accepted: the session is queued',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(z.object({ sessionId: z.string() }))
  .mutation(({ ctx, input }) => analyzeEndpointService(ctx.deps, ctx.actor, input.id));
