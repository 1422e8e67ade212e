import {
  findJobForUser,
  type JobRecord,
  type JobStatus,
  listEndpointIdsForJob,
  updateJobForUser,
  withTransaction,
} from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { rescheduleEndpoint } from '../engine';
import { notFound } from '../not-found';

/**
 * Moves a job to `status` and re-plans every endpoint of it in the same transaction, so a paused
 * or archived job's queued occurrences are replaced (and a resumed job's are planned) atomically.
 */
export async function changeJobStatus(
  deps: ServiceDependencies,
  actor: Actor,
  id: string,
  status: JobStatus,
): Promise<JobRecord> {
  return withTransaction(deps.db, async (tx) => {
    const job = await findJobForUser(tx, actor.userId, id);
    if (!job) throw notFound('job', id);
    if (status === 'paused' && job.status === 'archived') {
      throw new AppError(ErrorCode.CONFLICT, `job ${id} is archived; resume it before pausing it`);
    }
    if (job.status === status) return job;
    const updated = await updateJobForUser(tx, actor.userId, id, { status });
    if (!updated) throw notFound('job', id);
    for (const endpointId of await listEndpointIdsForJob(tx, actor.userId, id)) {
      await rescheduleEndpoint(deps, tx, endpointId);
    }
    return updated;
  });
}

export const pauseJob = (deps: ServiceDependencies, actor: Actor, id: string) =>
  changeJobStatus(deps, actor, id, 'paused');
export const resumeJob = (deps: ServiceDependencies, actor: Actor, id: string) =>
  changeJobStatus(deps, actor, id, 'active');
export const archiveJob = (deps: ServiceDependencies, actor: Actor, id: string) =>
  changeJobStatus(deps, actor, id, 'archived');
