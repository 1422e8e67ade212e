import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { runEndpointNow as engineRunEndpointNow } from '../engine';
import { consumeRateLimit } from '../rate-limits/consume-rate-limit';
import { requireEndpoint } from './get-endpoint';

/**
 * One immediate extra occurrence, outside the schedule (which stays untouched). It bypasses the
 * plan's floor, so it has its own per-user rate limit; the engine records it in the audit log.
 */
export async function triggerEndpointRun(
  deps: ServiceDependencies,
  actor: Actor,
  id: string,
): Promise<{ occurrenceId: string; plannedAt: Date }> {
  await requireEndpoint(deps.db, actor, id);
  await consumeRateLimit(deps, `run-now:${actor.userId}`, deps.rateLimits.runNow, { isEnforced: true });
  return engineRunEndpointNow(deps, { userId: actor.userId, endpointId: id });
}
