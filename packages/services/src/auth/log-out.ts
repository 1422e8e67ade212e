import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { invalidateSession } from './sessions';

/** Ends the session the actor is using; API keys have no session and are revoked instead. */
export async function logOut(deps: Pick<ServiceDependencies, 'db' | 'clock'>, actor: Actor): Promise<void> {
  if (actor.credential.kind === 'session') await invalidateSession(deps, actor.credential.sessionId);
}
