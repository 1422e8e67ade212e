/**
 * Precision firing. Scheduled occurrences are claimable OCCURRENCE_CLAIM_LEAD_MS before their
 * planned instant (packages/jobs `scheduledStartAfter`), so a worker usually holds them before
 * they are due. This splits a claimed batch into groups of nearby planned instants and runs each
 * group through executeOccurrences when it is due: its stale check (classify) runs just before
 * the group's first instant, so an edit, pause or archive made while the occurrence was held is
 * honoured, and each occurrence is sent no earlier than its own instant.
 *
 * While a batch is held its jobs stay active in pg-boss, which refreshes their heartbeat; a
 * worker killed while holding stops heartbeating, and the occurrence is redelivered and recorded
 * once (unique occurrence id and attempt), as for a crash mid-request.
 */
import type { EngineDependencies } from './contract';
import {
  type ExecutionOptions,
  type ExecutionSummary,
  executeOccurrences,
  type OccurrenceJob,
} from './execute-occurrences';
import { holdUntil } from './occurrences';

/**
 * A group is classified this long before its first instant: enough for the load, quota, in-flight
 * and signing-key statements to finish before the instant on a busy machine.
 */
export const CLASSIFY_AHEAD_MS = 50;

/**
 * Occurrences planned within this window of a group's first instant share its classification
 * and its commit. Wider: fewer statements per execution; narrower: a later edit still counts.
 */
export const FIRE_GROUP_WINDOW_MS = 100;

export interface FiringGroup {
  /** The earliest planned instant in the group (or now, for what is already due). */
  firesAt: Date;
  jobs: OccurrenceJob[];
}

/** Executes a claimed batch, each occurrence at (never before) its planned instant. */
export async function executeOccurrencesOnTime(
  deps: EngineDependencies,
  jobs: OccurrenceJob[],
  options: ExecutionOptions = {},
): Promise<ExecutionSummary> {
  const groups = groupByInstant(jobs, deps.clock.now());
  // Settled, not raced: a failing group must not leave others firing after the batch was failed.
  const settled = await Promise.allSettled(
    groups.map(async (group) => {
      await deps.clock.waitUntil(new Date(group.firesAt.getTime() - CLASSIFY_AHEAD_MS));
      return executeOccurrences(deps, group.jobs, { ...options, isHeldUntilPlanned: true });
    }),
  );
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return mergeSummaries(settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
}

/**
 * Pure: what is due by `now + CLASSIFY_AHEAD_MS` (and whatever has no readable time: execution
 * drops it) forms one group that runs at once; the rest is grouped by planned instant, a new
 * group starting past FIRE_GROUP_WINDOW_MS from the current one's first instant.
 */
export function groupByInstant(jobs: OccurrenceJob[], now: Date): FiringGroup[] {
  const dueBy = now.getTime() + CLASSIFY_AHEAD_MS;
  const due: OccurrenceJob[] = [];
  const ahead: { at: number; job: OccurrenceJob }[] = [];
  for (const job of jobs) {
    const at = plannedAtOf(job);
    if (at === null || at <= dueBy) due.push(job);
    else ahead.push({ at, job });
  }
  const groups: FiringGroup[] = due.length > 0 ? [{ firesAt: now, jobs: due }] : [];
  let current: FiringGroup | null = null;
  const cappedAhead = ahead.map(({ at, job }) => ({ at: holdUntil(at, now).getTime(), job }));
  for (const { at, job } of cappedAhead.sort((a, b) => a.at - b.at)) {
    if (!current || at > current.firesAt.getTime() + FIRE_GROUP_WINDOW_MS) {
      current = { firesAt: new Date(at), jobs: [] };
      groups.push(current);
    }
    current.jobs.push(job);
  }
  return groups;
}

function plannedAtOf(job: OccurrenceJob): number | null {
  const plannedAt = (job.data as { plannedAt?: unknown } | null)?.plannedAt;
  if (typeof plannedAt !== 'string') return null;
  const at = Date.parse(plannedAt);
  return Number.isNaN(at) ? null : at;
}

function mergeSummaries(summaries: ExecutionSummary[]): ExecutionSummary {
  const merged: ExecutionSummary = {
    dispatched: 0,
    skipped: 0,
    quotaExceeded: 0,
    dropped: 0,
    recorded: 0,
    statements: 0,
    runs: [],
    alertWatched: new Set(),
  };
  for (const summary of summaries) {
    merged.dispatched += summary.dispatched;
    merged.skipped += summary.skipped;
    merged.quotaExceeded += summary.quotaExceeded;
    merged.dropped += summary.dropped;
    merged.recorded += summary.recorded;
    merged.statements += summary.statements;
    merged.runs.push(...summary.runs);
    for (const id of summary.alertWatched) merged.alertWatched.add(id);
  }
  return merged;
}
