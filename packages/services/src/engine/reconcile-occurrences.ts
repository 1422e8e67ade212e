import { findEndpointsMissingOccurrence, withTransaction } from '@cronwise/db';
import { BOSS_SCHEMA, OCCURRENCE_HEARTBEAT_SECONDS } from '@cronwise/jobs';
import type { EngineDependencies } from './contract';
import { IN_FLIGHT_GRACE_MS, OCCURRENCE_QUEUE } from './occurrences';
import { rescheduleEndpoint } from './reschedule-endpoint';

/** An occurrence this late with nothing queued is treated as lost, not as merely delayed. */
export const RECONCILE_GRACE_MS = 60_000;
const RECONCILE_BATCH = 500;

/**
 * Repairs schedules whose occurrence is missing (a lost job, a restore, a
 * queue wiped during an outage): each such endpoint is re-planned with its
 * catch-up policy, so it runs once (`once`) or waits for its next slot
 * (`skip`) instead of replaying every missed slot. Cheap: it reads only
 * overdue endpoints through the nextRunAt index.
 */
export async function reconcileOccurrences(deps: EngineDependencies): Promise<{ repaired: string[] }> {
  const now = deps.clock.now();
  const repaired: string[] = [];
  for (;;) {
    const missing = await findEndpointsMissingOccurrence(deps.sql, {
      schema: BOSS_SCHEMA,
      queue: OCCURRENCE_QUEUE,
      dueBefore: new Date(now.getTime() - RECONCILE_GRACE_MS),
      now,
      inFlightGraceMs: IN_FLIGHT_GRACE_MS,
      heartbeatStaleMs: 3 * OCCURRENCE_HEARTBEAT_SECONDS * 1_000,
      limit: RECONCILE_BATCH,
    });
    const fresh = missing.filter((id) => !repaired.includes(id));
    for (const endpointId of fresh) {
      await withTransaction(deps.db, (tx) => rescheduleEndpoint(deps, tx, endpointId));
      repaired.push(endpointId);
    }
    if (missing.length < RECONCILE_BATCH || fresh.length === 0) break;
  }
  return { repaired };
}
