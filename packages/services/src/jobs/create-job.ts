import { createJob as insertJob, type JobRecord, withTransaction } from '@cronwise/db';
import type { AlertPolicyInput } from '@cronwise/domain';
import type { Actor } from '../actor';
import { prepareAlertPolicy } from '../alerts/alert-policy-input';
import type { ServiceDependencies } from '../dependencies';

/** A job; its alert policy (if any) is the default for its endpoints. */
export function createJob(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  input: { name: string; description?: string; alerts?: AlertPolicyInput | null },
): Promise<JobRecord> {
  return withTransaction(deps.db, async (tx) => {
    const alertPolicy = await prepareAlertPolicy(tx, actor.userId, input.alerts);
    return insertJob(tx, {
      userId: actor.userId,
      name: input.name,
      description: input.description ?? '',
      ...(alertPolicy !== undefined ? { alertPolicy } : {}),
    });
  });
}
