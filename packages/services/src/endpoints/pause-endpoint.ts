import type { EndpointRecord } from '@cronwise/db';
import { issue, validationError } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { changeEndpoint } from './change-endpoint';

/** A person's pause: only a person lifts it (the AI never can); `until` makes it end by itself. */
export function pauseEndpoint(
  deps: ServiceDependencies,
  actor: Actor,
  id: string,
  input: { until?: Date; reason?: string },
): Promise<EndpointRecord> {
  const now = deps.clock.now();
  if (input.until && input.until.getTime() <= now.getTime()) {
    throw validationError([issue(['until'], 'must be in the future; omit it to pause until you resume')]);
  }
  return changeEndpoint(deps, actor, id, () => ({
    pausedAt: now,
    pausedUntil: input.until ?? null,
    pauseReason: input.reason ?? null,
    pausedBy: 'user',
    pausedByUserId: actor.userId,
  }));
}
