import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { getJob } from '../jobs/get-job';
import { type HealthSummary, summariseHealth } from './summarise-health';

export async function getJobHealth(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  actor: Actor,
  jobId: string,
): Promise<HealthSummary> {
  await getJob(deps, actor, jobId);
  return summariseHealth(deps, { userId: actor.userId, jobId });
}
