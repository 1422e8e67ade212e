import { type JobRecord, updateJobForUser } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';

/** Renames or re-describes a job; its status changes only through pause, resume and archive. */
export async function updateJob(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  id: string,
  input: { name?: string; description?: string },
): Promise<JobRecord> {
  const job = await updateJobForUser(deps.db, actor.userId, id, input);
  if (!job) throw notFound('job', id);
  return job;
}
