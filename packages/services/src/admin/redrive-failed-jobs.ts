import { findFailedQueueJobIds } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import { BOSS_SCHEMA, QUEUE } from '@cronwise/jobs';
import type { EngineDependencies } from '../engine/contract';

export const MAX_REDRIVE_JOBS = 10_000;

export interface RedriveResult {
  queue: string;
  /** Failed jobs found (oldest first, at most the limit). */
  found: number;
  /** Jobs pg-boss put back in line; fewer than found when some changed state meanwhile. */
  redriven: number;
}

/**
 * Puts a queue's failed jobs back in line (pg-boss `retry`: due now, with one more attempt).
 * Safe for occurrences: a redriven occurrence that is no longer its endpoint's current one is
 * dropped by the worker without a run.
 */
export async function redriveFailedJobs(
  deps: Pick<EngineDependencies, 'sql' | 'boss'>,
  input: { queue: string; since?: Date; limit?: number },
): Promise<RedriveResult> {
  const queues = Object.values(QUEUE) as string[];
  if (!queues.includes(input.queue)) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `there is no queue "${input.queue}"; choose one of ${queues.join(', ')}`,
    );
  }
  const limit = Math.min(input.limit ?? 1_000, MAX_REDRIVE_JOBS);
  const ids = await findFailedQueueJobIds(deps.sql, {
    schema: BOSS_SCHEMA,
    queue: input.queue,
    since: input.since ?? null,
    limit,
  });
  if (ids.length === 0) return { queue: input.queue, found: 0, redriven: 0 };
  const response = (await deps.boss.retry(input.queue, ids)) as { affected?: number };
  return { queue: input.queue, found: ids.length, redriven: response.affected ?? 0 };
}
