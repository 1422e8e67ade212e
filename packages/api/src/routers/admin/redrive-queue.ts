import { redriveFailedJobs } from '@cronwise/services';
import { z } from 'zod';
import { redriveResultSchema, toRedriveResultDto } from '../../dto/admin-dto';
import { strictInput } from '../../dto/common';
import { adminProcedure } from '../../trpc';

/** The same redrive as `pnpm cli redrive --queue`: the queue's failed jobs run again now. */
export const redriveQueue = adminProcedure
  .input(strictInput({ queue: z.string().min(1, 'name a queue, e.g. execute-occurrence') }))
  .output(redriveResultSchema)
  .mutation(async ({ ctx, input }) => toRedriveResultDto(await redriveFailedJobs(ctx.deps, { queue: input.queue })));
