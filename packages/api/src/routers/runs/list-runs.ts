import { listRuns as listRunsService, MAX_RUNS_PAGE_SIZE } from '@cronwise/services';
import { z } from 'zod';
import { idSchema, isoDateTimeSchema, strictInput } from '../../dto/common';
import { runStatusSchema, runSummarySchema, toRunSummaryDto } from '../../dto/run-dto';
import { authedProcedure } from '../../trpc';

export const listRuns = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/endpoints/{id}/runs',
      tags: ['runs'],
      summary: 'List an endpoint’s runs, newest first (keyset pagination)',
      description: 'Pass nextCursor back as cursor for the next page; nextCursor is null on the last page.',
    },
  })
  .input(
    strictInput({
      id: idSchema,
      limit: z.number().int().min(1).max(MAX_RUNS_PAGE_SIZE).default(50),
      cursor: z.string().max(500).optional(),
      status: runStatusSchema.optional(),
      source: z.string().max(50).optional(),
      from: isoDateTimeSchema.optional().meta({ description: 'Planned at or after' }),
      to: isoDateTimeSchema.optional().meta({ description: 'Planned before' }),
    }),
  )
  .output(z.object({ items: z.array(runSummarySchema), nextCursor: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    const page = await listRunsService(ctx.deps, ctx.actor, input.id, {
      limit: input.limit,
      ...(input.cursor ? { cursor: input.cursor } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.source ? { source: input.source } : {}),
      ...(input.from ? { from: new Date(input.from) } : {}),
      ...(input.to ? { to: new Date(input.to) } : {}),
    });
    return { items: page.items.map(toRunSummaryDto), nextCursor: page.nextCursor };
  });
