import { countQueueJobs } from '@cronwise/db';
import { BOSS_SCHEMA } from '@cronwise/jobs';
import type { EngineDependencies } from '../engine/contract';

export interface QueueStats {
  queue: string;
  queued: number;
  deferred: number;
  active: number;
  failed: number;
  oldestDueAt: Date | null;
  /** How long the oldest due job has been waiting; a growing number means workers fall behind. */
  oldestDueLagMs: number | null;
}

/** Live counts per queue: what waits, what runs, what failed, and how late the backlog is. */
export async function getQueueStats(deps: Pick<EngineDependencies, 'sql' | 'clock'>): Promise<QueueStats[]> {
  const now = deps.clock.now();
  const counts = await countQueueJobs(deps.sql, { schema: BOSS_SCHEMA, now });
  return counts.map((entry) => ({
    ...entry,
    oldestDueLagMs: entry.oldestDueAt ? Math.max(0, now.getTime() - entry.oldestDueAt.getTime()) : null,
  }));
}
