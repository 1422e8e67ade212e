import type { RunRecord } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { testEndpoint as engineTestEndpoint } from '../engine';
import { consumeRateLimit } from '../rate-limits/consume-rate-limit';
import { requireEndpoint } from './get-endpoint';

/** Calls the endpoint now and waits for the answer; the run is recorded with source `test`. */
export async function dispatchEndpointTest(deps: ServiceDependencies, actor: Actor, id: string): Promise<RunRecord> {
  await requireEndpoint(deps.db, actor, id);
  await consumeRateLimit(deps, `test:${actor.userId}`, deps.rateLimits.runNow, { isEnforced: true });
  return engineTestEndpoint(deps, { userId: actor.userId, endpointId: id });
}
