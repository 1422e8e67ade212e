import { createJob as insertJob, type JobRecord } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';

export function createJob(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  input: { name: string; description?: string },
): Promise<JobRecord> {
  return insertJob(deps.db, { userId: actor.userId, name: input.name, description: input.description ?? '' });
}
