import {
  alertOpenKey,
  findChannelsByIds,
  findRecentRunStatuses,
  insertAlerts,
  loadAlertSubjects,
  type NewAlert,
  resolveAlerts,
  type AlertKind as StoredAlertKind,
  withTransaction,
} from '@cronwise/db';
import {
  type AlertKind,
  type AlertPolicy,
  decideAlerts,
  effectiveAlertPolicy,
  type IncidentKind,
} from '@cronwise/domain';
import { QUEUE } from '@cronwise/jobs';
import { fromPrisma } from 'pg-boss';
import type { AlertDependencies } from './alert-dependencies';

/** The part of a batch summary alerting reads: which endpoints ran, and how. */
export interface AlertBatch {
  runs: ReadonlyArray<{ endpointId: string; status: string; source: string }>;
}

/**
 * What alerting must see of an engine batch: the runs of the endpoints it watches (a policy, or an
 * open incident; see ExecutionTarget.isAlertWatched). Empty when nobody watches, and then the batch
 * needs no evaluation at all.
 */
export function watchedRunsOf(summary: { runs: AlertBatch['runs']; alertWatched: ReadonlySet<string> }): AlertBatch {
  return { runs: summary.runs.filter((run) => summary.alertWatched.has(run.endpointId)) };
}

export interface AlertEvaluation {
  opened: Array<{ endpointId: string; kind: AlertKind }>;
  resolved: Array<{ endpointId: string; kind: IncidentKind }>;
  deliveries: number;
}

/**
 * Once per finished batch (from its recorded runs), or for endpoints whose pause changed outside a
 * batch (the planner): opens incidents the rules call for, closes the ones that recovered, writes
 * one pending delivery per channel and queues them on `deliver-alert`, all in one transaction.
 * Costs one query when no endpoint of the batch has a policy or an open incident.
 */
export async function evaluateAlerts(
  deps: Pick<AlertDependencies, 'db' | 'boss' | 'clock'>,
  batch: AlertBatch | { endpointIds: string[] },
): Promise<AlertEvaluation> {
  const statusesByEndpoint = new Map<string, string[]>();
  if ('runs' in batch) {
    // Test calls (Test button) never count as the endpoint's health.
    for (const run of batch.runs) {
      if (run.source === 'test') continue;
      const statuses = statusesByEndpoint.get(run.endpointId) ?? [];
      statuses.push(run.status);
      statusesByEndpoint.set(run.endpointId, statuses);
    }
  } else {
    for (const id of batch.endpointIds) statusesByEndpoint.set(id, []);
  }
  const evaluation: AlertEvaluation = { opened: [], resolved: [], deliveries: 0 };
  const subjects = await loadAlertSubjects(deps.db, [...statusesByEndpoint.keys()]);
  const now = deps.clock.now();
  const toResolve: Array<{ endpointId: string; kinds: StoredAlertKind[] }> = [];
  const pending: Array<{ subject: (typeof subjects)[number]; policy: AlertPolicy; kind: AlertKind; reason: string }> =
    [];

  for (const subject of subjects) {
    const policy = effectiveAlertPolicy(subject.endpointPolicy, subject.jobPolicy);
    if (!policy && subject.openKinds.length === 0) continue;
    const recentStatuses = policy?.failuresInLastRuns
      ? await findRecentRunStatuses(deps.db, subject.id, policy.failuresInLastRuns.runs)
      : [];
    const decision = decideAlerts({
      policy,
      failureStreak: subject.failureStreak,
      batchStatuses: statusesByEndpoint.get(subject.id) ?? [],
      recentStatuses,
      pausedBy: subject.pausedBy,
      pauseReason: subject.pauseReason,
      openKinds: new Set(subject.openKinds.filter((kind): kind is IncidentKind => kind !== 'recovered')),
    });
    if (decision.resolve.length > 0) {
      toResolve.push({ endpointId: subject.id, kinds: decision.resolve });
      evaluation.resolved.push(...decision.resolve.map((kind) => ({ endpointId: subject.id, kind })));
    }
    if (!policy) continue;
    for (const opened of decision.open) pending.push({ subject, policy, kind: opened.kind, reason: opened.reason });
    if (decision.isRecoveryNoticed) {
      pending.push({ subject, policy, kind: 'recovered', reason: 'the endpoint succeeded again' });
    }
  }
  if (toResolve.length === 0 && pending.length === 0) return evaluation;

  const channelIds = [...new Set(pending.flatMap((entry) => entry.policy.channelIds))];
  const channels = await findChannelsByIds(deps.db, channelIds);
  const alerts: NewAlert[] = pending.map(({ subject, policy, kind, reason }) => ({
    userId: subject.userId,
    jobId: subject.jobId,
    endpointId: subject.id,
    kind,
    message: alertText(kind, subject.name, reason),
    openKey: kind === 'recovered' ? null : alertOpenKey(subject.id, kind),
    resolvedAt: kind === 'recovered' ? now : null,
    details: { reason, failureStreak: subject.failureStreak, jobName: subject.jobName },
    createdAt: now,
    channels: channels
      .filter((channel) => channel.userId === subject.userId && policy.channelIds.includes(channel.id))
      .map((channel) => ({ id: channel.id, kind: channel.kind, name: channel.name })),
  }));

  const { isWritten, deliveryIds } = await withTransaction(deps.db, async (tx) => {
    await resolveAlerts(tx, toResolve, now);
    const inserted = await insertAlerts(tx, alerts);
    const ids = inserted.deliveryIds;
    if (ids.length > 0) {
      await deps.boss.insert(
        QUEUE.deliverAlert,
        ids.map((deliveryId) => ({ data: { deliveryId }, singletonKey: deliveryId })),
        { db: fromPrisma(tx) },
      );
    }
    return inserted;
  });
  // An incident another evaluation opened first was skipped, with its deliveries.
  evaluation.opened.push(
    ...pending.filter((_, index) => isWritten[index]).map(({ subject, kind }) => ({ endpointId: subject.id, kind })),
  );
  evaluation.deliveries = deliveryIds.length;
  return evaluation;
}

function alertText(kind: AlertKind, endpointName: string, reason: string): string {
  switch (kind) {
    case 'failing':
      return `${endpointName} is failing: ${reason}. You will hear once more when it recovers, not at every failure.`;
    case 'recovered':
      return `${endpointName} recovered: its latest run succeeded.`;
    case 'auto_paused':
      return `${endpointName} was paused by Cronwise (${reason}). Fix the target, then resume the endpoint.`;
    case 'quota_exhausted':
      return `${endpointName} did not run: ${reason}. Runs resume at the start of next month, or upgrade your plan.`;
    case 'ai_paused':
      return `${endpointName} was paused by the AI planner: ${reason}.`;
  }
}
