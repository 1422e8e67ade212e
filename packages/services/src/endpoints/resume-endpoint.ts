import { type EndpointRecord, listEndpointsForPlanChange, lockUserQuota } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { limitsFor } from '../tier-limits';
import { changeEndpoint } from './change-endpoint';

/**
 * Lifts any pause (a person outranks the AI and the system); the next run is planned afresh.
 * After a downgrade more endpoints may exist than the plan runs; resuming one then needs a
 * running one paused first, or the downgrade's pause would be undone with a click.
 */
export function resumeEndpoint(deps: ServiceDependencies, actor: Actor, id: string): Promise<EndpointRecord> {
  return changeEndpoint(deps, actor, id, async (endpoint, tx) => {
    if (endpoint.pausedAt !== null) {
      await lockUserQuota(tx, actor.userId, 'endpoints');
      const running = (await listEndpointsForPlanChange(tx, actor.userId)).filter(
        (other) => other.isRunning && other.id !== endpoint.id,
      ).length;
      const { maxEndpoints } = limitsFor(deps, actor);
      if (running >= maxEndpoints) {
        throw new AppError(
          ErrorCode.PLAN_LIMIT_EXCEEDED,
          `your plan runs ${maxEndpoints} endpoints and ${running} are running; pause or delete one of them first, or upgrade your plan`,
          { limit: 'maxEndpoints' },
        );
      }
    }
    return { pausedAt: null, pausedUntil: null, pauseReason: null, pausedBy: null, pausedByUserId: null };
  });
}
