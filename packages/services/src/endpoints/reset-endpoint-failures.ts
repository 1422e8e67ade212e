import type { EndpointRecord } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { changeEndpoint } from './change-endpoint';

/** Clears the failure streak, and with it the interval backoff, after the target was fixed. */
export function resetEndpointFailures(deps: ServiceDependencies, actor: Actor, id: string): Promise<EndpointRecord> {
  return changeEndpoint(deps, actor, id, () => ({ failureStreak: 0 }));
}
