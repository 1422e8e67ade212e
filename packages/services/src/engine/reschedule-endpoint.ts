import {
  clearedHintColumns,
  deleteWaitingOccurrence,
  findEndpointForScheduling,
  Prisma,
  type Transaction,
  updateEndpointSchedule,
} from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import { BOSS_SCHEMA } from '@cronwise/jobs';
import { fromPrisma } from 'pg-boss';
import type { EngineDependencies } from './contract';
import { planEndpoint } from './endpoint-plan';
import { isWithinHorizon, newOccurrenceId, OCCURRENCE_QUEUE, scheduledOccurrence } from './occurrences';

/**
 * Re-plans an endpoint after any schedule change, inside the caller's
 * transaction: bumps the schedule version, asks the governor, stores the
 * decision, and replaces the endpoint's queued occurrence (upsert by endpoint
 * key) so at most one is ever queued. An occurrence already running, or a
 * replaced one that fires anyway, carries an old occurrence id and is dropped.
 */
export async function rescheduleEndpoint(deps: EngineDependencies, tx: Transaction, endpointId: string) {
  const endpoint = await findEndpointForScheduling(tx, endpointId);
  if (!endpoint) throw new AppError(ErrorCode.NOT_FOUND, `endpoint ${endpointId} does not exist`);
  const now = deps.clock.now();
  const plan = planEndpoint(endpoint, {
    now,
    tier: endpoint.tier,
    tierLimits: deps.tierLimits,
    jobStatus: endpoint.jobStatus,
    // The run being replaced has not happened: runs count as missed only if its time has passed.
    pendingRunAt: endpoint.nextRunAt,
    ...(deps.maxBackoffMs !== undefined ? { maxBackoffMs: deps.maxBackoffMs } : {}),
  });
  const occurrenceId = plan.nextRunAt ? newOccurrenceId(now.getTime()) : null;
  const next =
    plan.nextRunAt && occurrenceId
      ? scheduledOccurrence(
          endpoint,
          { ...plan, nextRunAt: plan.nextRunAt },
          occurrenceId,
          endpoint.scheduleVersion + 1,
        )
      : null;
  const isQueuedNow = next !== null && plan.nextRunAt !== null && isWithinHorizon(plan.nextRunAt, now);
  const expired = new Set(plan.expiredHints);
  const updated = await updateEndpointSchedule(tx, endpointId, {
    nextRunAt: plan.nextRunAt,
    nextRunSource: plan.source,
    nextRunExplanation: plan.explanation,
    currentOccurrenceId: occurrenceId,
    pendingOccurrence: next && !isQueuedNow ? (next.payload as unknown as Prisma.InputJsonObject) : Prisma.DbNull,
    ...(expired.has('ai-interval') ? clearedHintColumns('ai-interval') : {}),
    ...(expired.has('ai-oneshot') ? clearedHintColumns('ai-oneshot') : {}),
    ...(expired.has('manual') ? clearedHintColumns('manual') : {}),
    ...(expired.has('pause')
      ? { pausedAt: null, pausedUntil: null, pauseReason: null, pausedBy: null, pausedByUserId: null }
      : {}),
  });
  if (next && isQueuedNow) {
    await deps.boss.upsert(OCCURRENCE_QUEUE, next.payload, {
      singletonKey: endpointId,
      startAfter: next.job.startAfter,
      db: fromPrisma(tx),
    });
  } else {
    // Nothing to run soon: a waiting job of the replaced plan would only fire to be dropped as stale.
    await deleteWaitingOccurrence(tx, { schema: BOSS_SCHEMA, queue: OCCURRENCE_QUEUE, endpointId });
  }
  return updated;
}
