import { router } from '../../trpc';
import { explainEndpoint } from './explain-endpoint';
import { getQueueStats } from './get-queue-stats';
import { listUsers } from './list-users';
import { redriveQueue } from './redrive-queue';

/** Operator tools for admin accounts (tRPC only; see `adminProcedure`). */
export const adminRouter = router({
  queueStats: getQueueStats,
  redrive: redriveQueue,
  users: listUsers,
  explainEndpoint,
});
