import { router } from '../../trpc';
import { createNotificationChannel } from './create-notification-channel';
import { deleteNotificationChannel } from './delete-notification-channel';
import { getNotificationChannel } from './get-notification-channel';
import { listNotificationChannels } from './list-notification-channels';
import { testNotificationChannel } from './test-notification-channel';

export const notificationChannelsRouter = router({
  list: listNotificationChannels,
  create: createNotificationChannel,
  get: getNotificationChannel,
  delete: deleteNotificationChannel,
  test: testNotificationChannel,
});
