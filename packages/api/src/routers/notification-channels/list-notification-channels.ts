import { listNotificationChannels as listNotificationChannelsService } from '@cronwise/services';
import { z } from 'zod';
import { notificationChannelSchema, toNotificationChannelDto } from '../../dto/alert-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const listNotificationChannels = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/notification-channels',
      tags: ['alerts'],
      summary: 'List your notification channels (where alerts go), oldest first',
    },
  })
  .input(strictInput({}))
  .output(z.object({ items: z.array(notificationChannelSchema) }))
  .query(async ({ ctx }) => ({
    items: (await listNotificationChannelsService(ctx.deps, ctx.actor)).map(toNotificationChannelDto),
  }));
