import { MAX_PREVIEW_COUNT, previewSchedule as previewScheduleService } from '@cronwise/services';
import { z } from 'zod';
import { isoDateTimeSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const previewSchedule = authedProcedure('read')
  .meta({
    openapi: {
      method: 'POST',
      path: '/schedules/preview',
      tags: ['schedules'],
      summary: 'Preview the next fire times of a cron expression or interval',
      description: 'Send either { cron, timezone } or { intervalMs }, with count (at most 50) and an optional from.',
    },
  })
  .input(
    strictInput({
      cron: z.string().min(1).max(200).optional(),
      timezone: z.string().min(1).max(100).optional(),
      intervalMs: z.number().int().positive().optional(),
      from: isoDateTimeSchema.optional(),
      count: z.number().int().min(1).max(MAX_PREVIEW_COUNT).default(10),
    }),
  )
  .output(
    z.object({
      occurrences: z.array(z.string()),
      minGapMs: z.number().nullable().meta({ description: 'Smallest gap between two runs; null if it runs once' }),
    }),
  )
  .mutation(({ ctx, input }) => {
    const schedule =
      input.intervalMs !== undefined && input.cron === undefined
        ? { type: 'interval' as const, intervalMs: input.intervalMs }
        : { type: 'cron' as const, cron: input.cron ?? '', timezone: input.timezone ?? '' };
    const preview = previewScheduleService(ctx.deps, {
      schedule,
      count: input.count,
      ...(input.from ? { from: new Date(input.from) } : {}),
    });
    return { occurrences: preview.occurrences.map((date) => date.toISOString()), minGapMs: preview.minGapMs };
  });
