import type { TierLimits } from '@cronwise/domain';
import type { Actor } from './actor';
import type { ServiceDependencies } from './dependencies';

export function limitsFor(deps: Pick<ServiceDependencies, 'tierLimits'>, actor: Actor): TierLimits {
  return deps.tierLimits[actor.tier];
}
