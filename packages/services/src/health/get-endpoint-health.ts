import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { requireEndpoint } from '../endpoints/get-endpoint';
import { type HealthSummary, summariseHealth } from './summarise-health';

export async function getEndpointHealth(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  actor: Actor,
  endpointId: string,
): Promise<HealthSummary> {
  await requireEndpoint(deps.db, actor, endpointId);
  return summariseHealth(deps, { userId: actor.userId, endpointId });
}
