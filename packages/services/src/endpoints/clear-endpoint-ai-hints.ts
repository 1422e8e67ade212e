import { clearedHintColumns, type EndpointRecord } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { changeEndpoint } from './change-endpoint';

/** Drops the planner's interval and one-shot hints; the baseline (or a manual override) rules again. */
export function clearEndpointAiHints(deps: ServiceDependencies, actor: Actor, id: string): Promise<EndpointRecord> {
  return changeEndpoint(deps, actor, id, () => ({
    ...clearedHintColumns('ai-interval'),
    ...clearedHintColumns('ai-oneshot'),
  }));
}
