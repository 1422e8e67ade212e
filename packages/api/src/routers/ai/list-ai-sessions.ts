import { listAiSessions as listAiSessionsService } from '@cronwise/services';
import { z } from 'zod';
import { aiSessionSummarySchema, toAiSessionSummaryDto } from '../../dto/ai-dto';
import { idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const listAiSessions = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/endpoints/{id}/ai-sessions',
      tags: ['ai'],
      summary: 'List an endpoint’s AI planner sessions, newest first (keyset pagination)',
      description: 'Pass nextCursor back as cursor for the next page; nextCursor is null on the last page.',
    },
  })
  .input(
    strictInput({
      id: idSchema,
      limit: z.number().int().min(1).max(100).default(20),
      cursor: z.string().max(500).optional(),
    }),
  )
  .output(z.object({ items: z.array(aiSessionSummarySchema), nextCursor: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    const page = await listAiSessionsService(ctx.deps, ctx.actor, input.id, {
      limit: input.limit,
      cursor: input.cursor ?? null,
    });
    return { items: page.items.map(toAiSessionSummaryDto), nextCursor: page.nextCursor };
  });
