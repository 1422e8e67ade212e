import { type JobRecord, updateJobForUser, withTransaction } from '@cronwise/db';
import type { AlertPolicyInput } from '@cronwise/domain';
import type { Actor } from '../actor';
import { prepareAlertPolicy } from '../alerts/alert-policy-input';
import type { ServiceDependencies } from '../dependencies';
import { notFound } from '../not-found';

/**
 * Renames or re-describes a job, or changes its default alert policy (null removes it); its
 * status changes only through pause, resume and archive.
 */
export async function updateJob(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  id: string,
  input: { name?: string; description?: string; alerts?: AlertPolicyInput | null },
): Promise<JobRecord> {
  const { alerts, ...fields } = input;
  const job = await withTransaction(deps.db, async (tx) => {
    const alertPolicy = await prepareAlertPolicy(tx, actor.userId, alerts);
    return updateJobForUser(tx, actor.userId, id, {
      ...fields,
      ...(alertPolicy !== undefined ? { alertPolicy } : {}),
    });
  });
  if (!job) throw notFound('job', id);
  return job;
}
