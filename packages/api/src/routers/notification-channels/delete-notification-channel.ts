import { deleteNotificationChannel as deleteNotificationChannelService } from '@cronwise/services';
import { deletedSchema, idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const deleteNotificationChannel = authedProcedure('write')
  .meta({
    openapi: {
      method: 'DELETE',
      path: '/notification-channels/{id}',
      tags: ['alerts'],
      summary: 'Delete a notification channel',
      description: 'It is also removed from every alert policy that names it; past alerts keep its name.',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(deletedSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteNotificationChannelService(ctx.deps, ctx.actor, input.id);
    return { id: input.id, deleted: true as const };
  });
