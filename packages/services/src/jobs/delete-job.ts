import { deleteJobForUser } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';

/**
 * Deletes a job with its endpoints and runs. Occurrences already queued for its endpoints find
 * no endpoint when they fire and are dropped by the engine. Usage stays in the ledger.
 */
export async function deleteJob(deps: Pick<ServiceDependencies, 'db'>, actor: Actor, id: string): Promise<void> {
  if (!(await deleteJobForUser(deps.db, actor.userId, id))) throw notFound('job', id);
}
