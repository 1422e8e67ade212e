import type { EndpointRecord } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { changeEndpoint } from './change-endpoint';

/** Lifts any pause (a person outranks the AI and the system); the next run is planned afresh. */
export function resumeEndpoint(deps: ServiceDependencies, actor: Actor, id: string): Promise<EndpointRecord> {
  return changeEndpoint(deps, actor, id, 'resumed', () => ({
    pausedAt: null,
    pausedUntil: null,
    pauseReason: null,
    pausedBy: null,
    pausedByUserId: null,
  }));
}
