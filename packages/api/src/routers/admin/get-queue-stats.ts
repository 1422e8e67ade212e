import { getQueueStats as readQueueStats } from '@cronwise/services';
import { z } from 'zod';
import { queueStatsSchema, toQueueStatsDto } from '../../dto/admin-dto';
import { strictInput } from '../../dto/common';
import { adminProcedure } from '../../trpc';

export const getQueueStats = adminProcedure
  .input(strictInput({}))
  .output(z.object({ queues: z.array(queueStatsSchema) }))
  .query(async ({ ctx }) => ({ queues: (await readQueueStats(ctx.deps)).map(toQueueStatsDto) }));
