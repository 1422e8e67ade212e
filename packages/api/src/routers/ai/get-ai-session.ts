import { getAiSession as getAiSessionService } from '@cronwise/services';
import { aiSessionSchema, toAiSessionDto } from '../../dto/ai-dto';
import { idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const getAiSession = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/ai-sessions/{id}',
      tags: ['ai'],
      summary: 'One AI planner session: tool calls, reasoning, tokens, outcome and proposals',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(aiSessionSchema)
  .query(async ({ ctx, input }) => toAiSessionDto(await getAiSessionService(ctx.deps, ctx.actor, input.id)));
