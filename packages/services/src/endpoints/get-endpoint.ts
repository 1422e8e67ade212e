import { type EndpointRecord, type Executor, findEndpointForUser } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';

export async function getEndpoint(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  id: string,
): Promise<EndpointRecord> {
  return requireEndpoint(deps.db, actor, id);
}

/** The actor's endpoint or NOT_FOUND; inside a transaction pass `tx`. */
export async function requireEndpoint(db: Executor, actor: Actor, id: string): Promise<EndpointRecord> {
  const endpoint = await findEndpointForUser(db, actor.userId, id);
  if (!endpoint) throw notFound('endpoint', id);
  return endpoint;
}
