import {
  countEndpointsForUser,
  type EndpointRecord,
  findJobForUser,
  createEndpoint as insertEndpoint,
  lockUserQuota,
  withTransaction,
} from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import { prepareAlertPolicy } from '../alerts/alert-policy-input';
import type { ServiceDependencies } from '../dependencies';
import { rescheduleEndpoint } from '../engine';
import { notFound } from '../not-found';
import { limitsFor } from '../tier-limits';
import { type EndpointSettingsInput, resolveEndpointSettings } from './endpoint-settings';

/** Creates an endpoint in one of the actor's jobs and plans its first run in the same transaction. */
export async function createEndpoint(
  deps: ServiceDependencies,
  actor: Actor,
  jobId: string,
  input: EndpointSettingsInput,
): Promise<EndpointRecord> {
  const limits = limitsFor(deps, actor);
  const settings = resolveEndpointSettings(input, null, {
    limits,
    targetAllowlist: deps.targetAllowlist,
    encryptionSecret: deps.encryptionSecret,
    now: deps.clock.now(),
  });
  return withTransaction(deps.db, async (tx) => {
    if (!(await findJobForUser(tx, actor.userId, jobId))) throw notFound('job', jobId);
    await lockUserQuota(tx, actor.userId, 'endpoints');
    const count = await countEndpointsForUser(tx, actor.userId);
    if (count >= limits.maxEndpoints) {
      throw new AppError(
        ErrorCode.PLAN_LIMIT_EXCEEDED,
        `your plan allows ${limits.maxEndpoints} endpoints and you have ${count}; delete one or upgrade your plan`,
        { limit: 'maxEndpoints' },
      );
    }
    const alertPolicy = await prepareAlertPolicy(tx, actor.userId, input.alerts);
    const endpoint = await insertEndpoint(tx, {
      ...settings,
      ...(alertPolicy !== undefined ? { alertPolicy } : {}),
      headers: settings.headers.map((header) => ({ ...header })),
      jobId,
      userId: actor.userId,
    });
    return rescheduleEndpoint(deps, tx, endpoint.id);
  });
}
