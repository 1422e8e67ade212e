import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { type HealthSummary, summariseHealth } from './summarise-health';

/** The dashboard's headline: every endpoint of the actor together. */
export function getOverview(deps: Pick<ServiceDependencies, 'db' | 'clock'>, actor: Actor): Promise<HealthSummary> {
  return summariseHealth(deps, { userId: actor.userId });
}
