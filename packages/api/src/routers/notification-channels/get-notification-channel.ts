import { getNotificationChannel as getNotificationChannelService } from '@cronwise/services';
import { notificationChannelSchema, toNotificationChannelDto } from '../../dto/alert-dto';
import { idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const getNotificationChannel = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/notification-channels/{id}',
      tags: ['alerts'],
      summary: 'Get a notification channel',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(notificationChannelSchema)
  .query(async ({ ctx, input }) =>
    toNotificationChannelDto(await getNotificationChannelService(ctx.deps, ctx.actor, input.id)),
  );
