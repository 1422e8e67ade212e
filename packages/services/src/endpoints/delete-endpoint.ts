import { deleteEndpointForUser } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';

/** Deletes an endpoint and its runs; an occurrence still queued finds no endpoint and is dropped. */
export async function deleteEndpoint(deps: Pick<ServiceDependencies, 'db'>, actor: Actor, id: string): Promise<void> {
  if (!(await deleteEndpointForUser(deps.db, actor.userId, id))) throw notFound('endpoint', id);
}
