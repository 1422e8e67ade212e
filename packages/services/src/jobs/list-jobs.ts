import { type JobRecord, type JobStatus, listJobsForUser, type PageResult } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';

export function listJobs(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  query: { limit: number; offset: number; status?: JobStatus },
): Promise<PageResult<JobRecord>> {
  return listJobsForUser(
    deps.db,
    actor.userId,
    { limit: query.limit, offset: query.offset },
    query.status ? { status: query.status } : {},
  );
}
