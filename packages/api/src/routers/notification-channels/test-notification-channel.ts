import { testNotificationChannel as testNotificationChannelService } from '@cronwise/services';
import { channelTestResultSchema, toChannelTestResultDto } from '../../dto/alert-dto';
import { idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const testNotificationChannel = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/notification-channels/{id}/test',
      tags: ['alerts'],
      summary: 'Send a test message to a channel now and report the delivery result',
      description:
        'Sent at once, not queued and not retried. A webhook receives `{ type: "alert.test", alert }`, signed like real alerts.',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(channelTestResultSchema)
  .mutation(async ({ ctx, input }) =>
    toChannelTestResultDto(await testNotificationChannelService(ctx.deps, ctx.actor, input.id)),
  );
