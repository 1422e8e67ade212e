import { bossDatabase, deleteWaitingOccurrences, takePendingOccurrences, withSqlTransaction } from '@cronwise/db';
import { BOSS_SCHEMA, type ExecuteOccurrencePayload, scheduledStartAfter } from '@cronwise/jobs';
import type { JobInsert } from 'pg-boss';
import type { EngineDependencies } from './contract';
import { OCCURRENCE_HORIZON_MS, OCCURRENCE_QUEUE } from './occurrences';
import { RECONCILE_GRACE_MS } from './reconcile-occurrences';

const QUEUE_BATCH = 2_000;

/**
 * The horizon pass: moves the occurrences that wait on endpoint rows and fall due within the
 * horizon into the queue, in the same transaction that clears them from the rows, so each is
 * queued exactly once. Any worker may run it (pg-boss runs it as a singleton every minute); rows
 * locked by a concurrent edit are skipped, since the edit plans a new occurrence anyway.
 * Occurrences overdue by more than the reconcile grace are left to reconcile, which applies the
 * endpoint's catch-up policy instead of firing a stale slot.
 */
export async function queueDueOccurrences(
  deps: EngineDependencies,
  options: { horizonMs?: number } = {},
): Promise<{ queued: number }> {
  const now = deps.clock.now();
  const window = {
    notBefore: new Date(now.getTime() - RECONCILE_GRACE_MS),
    dueBefore: new Date(now.getTime() + (options.horizonMs ?? OCCURRENCE_HORIZON_MS)),
    limit: QUEUE_BATCH,
  };
  let queued = 0;
  for (;;) {
    const count = await withSqlTransaction(deps.sql, async (client) => {
      const taken = await takePendingOccurrences(client, window);
      if (taken.length === 0) return 0;
      await deleteWaitingOccurrences(client, {
        schema: BOSS_SCHEMA,
        queue: OCCURRENCE_QUEUE,
        endpointIds: taken.map((row) => row.endpointId),
      });
      const jobs: JobInsert<ExecuteOccurrencePayload>[] = taken.map(({ endpointId, payload }) => {
        const data = payload as unknown as ExecuteOccurrencePayload;
        return { data, startAfter: scheduledStartAfter(new Date(data.plannedAt)), singletonKey: endpointId };
      });
      await deps.boss.insert(OCCURRENCE_QUEUE, jobs, { db: bossDatabase(client) });
      return taken.length;
    });
    queued += count;
    if (count < QUEUE_BATCH) break;
  }
  return { queued };
}
