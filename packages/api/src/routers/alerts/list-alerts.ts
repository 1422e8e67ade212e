import { listAlerts as listAlertsService, MAX_ALERTS_PAGE_SIZE } from '@cronwise/services';
import { z } from 'zod';
import { alertPageSchema, toAlertDto } from '../../dto/alert-dto';
import { idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

const pageShape = {
  limit: z.number().int().min(1).max(MAX_ALERTS_PAGE_SIZE).default(50),
  cursor: z.string().max(500).optional().meta({ description: 'nextCursor of the previous page' }),
};

export const listAlerts = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/alerts',
      tags: ['alerts'],
      summary: 'List your alerts with their deliveries, newest first (keyset pagination)',
      description:
        'Kinds: failing (an incident: one alert however many failures), recovered (the incident closed), auto_paused, quota_exhausted, ai_paused. Pass nextCursor back as cursor; it is null on the last page.',
    },
  })
  .input(strictInput(pageShape))
  .output(alertPageSchema)
  .query(async ({ ctx, input }) => {
    const page = await listAlertsService(ctx.deps, ctx.actor, {
      limit: input.limit,
      ...(input.cursor ? { cursor: input.cursor } : {}),
    });
    return { items: page.items.map(toAlertDto), nextCursor: page.nextCursor };
  });

export const listEndpointAlerts = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/endpoints/{id}/alerts',
      tags: ['alerts'],
      summary: 'List an endpoint’s alerts with their deliveries, newest first (keyset pagination)',
    },
  })
  .input(strictInput({ id: idSchema, ...pageShape }))
  .output(alertPageSchema)
  .query(async ({ ctx, input }) => {
    const page = await listAlertsService(ctx.deps, ctx.actor, {
      endpointId: input.id,
      limit: input.limit,
      ...(input.cursor ? { cursor: input.cursor } : {}),
    });
    return { items: page.items.map(toAlertDto), nextCursor: page.nextCursor };
  });
