import { countAuditEntriesSince, createAuditEntry, findEndpointForUser } from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import { runNowOccurrenceJob } from '@cronwise/jobs';
import type { EngineDependencies } from './contract';
import { newOccurrenceId, OCCURRENCE_QUEUE } from './occurrences';

/** Run-now requests allowed per endpoint per minute: manual runs must not become a way around the tier floor. */
export const RUN_NOW_PER_MINUTE = 5;

/**
 * Queues one extra, immediate occurrence of an endpoint. It does not touch the
 * schedule (no new version, no change to the next planned run), is audited,
 * and is limited per endpoint.
 */
export async function runEndpointNow(deps: EngineDependencies, input: { userId: string; endpointId: string }) {
  const endpoint = await findEndpointForUser(deps.db, input.userId, input.endpointId);
  if (!endpoint) throw new AppError(ErrorCode.NOT_FOUND, `endpoint ${input.endpointId} was not found`);
  const now = deps.clock.now();
  const recent = await countAuditEntriesSince(deps.sql, {
    action: 'endpoint.run-now',
    targetType: 'endpoint',
    targetId: endpoint.id,
    since: new Date(now.getTime() - 60_000),
  });
  if (recent >= RUN_NOW_PER_MINUTE) {
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      `"run now" is limited to ${RUN_NOW_PER_MINUTE} times per minute per endpoint; try again in a minute`,
      { retryAfterMs: 60_000 },
    );
  }
  const occurrenceId = newOccurrenceId(now.getTime());
  const job = runNowOccurrenceJob({
    endpointId: endpoint.id,
    occurrenceId,
    scheduleVersion: endpoint.scheduleVersion,
    at: now,
  });
  await deps.boss.send(OCCURRENCE_QUEUE, job.data, { singletonKey: job.singletonKey, startAfter: job.startAfter });
  await createAuditEntry(deps.db, {
    userId: input.userId,
    action: 'endpoint.run-now',
    targetType: 'endpoint',
    targetId: endpoint.id,
    details: { occurrenceId },
  });
  return { occurrenceId, plannedAt: now };
}
