import { findJobForUser, type JobRecord } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';

export async function getJob(deps: Pick<ServiceDependencies, 'db'>, actor: Actor, id: string): Promise<JobRecord> {
  const job = await findJobForUser(deps.db, actor.userId, id);
  if (!job) throw notFound('job', id);
  return job;
}
