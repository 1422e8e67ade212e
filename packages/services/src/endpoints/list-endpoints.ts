import { type EndpointRecord, findJobForUser, listEndpointsForJob, type PageResult } from '@cronwise/db';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';

export async function listEndpoints(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  jobId: string,
  page: { limit: number; offset: number },
): Promise<PageResult<EndpointRecord>> {
  if (!(await findJobForUser(deps.db, actor.userId, jobId))) throw notFound('job', jobId);
  return listEndpointsForJob(deps.db, actor.userId, jobId, page);
}
