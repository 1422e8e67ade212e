import {
  applyEndpointStates,
  bossDatabase,
  type ExecutionTarget,
  incrementRunUsage,
  insertRuns,
  loadExecutionTargets,
  markInFlight,
  type NewRun,
  refundRunUsage,
  type SqlExecutor,
  updateFailureStreaks,
  withSqlTransaction,
} from '@cronwise/db';
import { isPauseActive, monthKey } from '@cronwise/domain';
import { type ExecuteOccurrencePayload, executeOccurrencePayload } from '@cronwise/jobs';
import { requestHeadersOf, secretHeaderNamesOf } from '../endpoints/endpoint-headers';
import { PlannerRunObserver } from '../planner/run-observer';
import type { EngineDependencies } from './contract';
import { pauseOf } from './endpoint-plan';
import { holdUntil, IN_FLIGHT_GRACE_MS, newOccurrenceId, OCCURRENCE_QUEUE } from './occurrences';
import {
  type BatchPlan,
  type ClaimedOccurrence,
  DEFAULT_AUTO_PAUSE_AFTER_FAILURES,
  type Decision,
  type Outcome,
  planOutcomes,
} from './plan-outcomes';
import { settleInWaves } from './waves';

export { DEFAULT_AUTO_PAUSE_AFTER_FAILURES } from './plan-outcomes';

export interface OccurrenceJob {
  id: string;
  data: unknown;
  /** pg-boss redelivery count: above 0 after a worker crashed holding this occurrence. */
  retryCount?: number;
}

export interface ExecutionOptions {
  autoPauseAfterFailures?: number;
  /** Uniform in [0, 1); injected so retries are reproducible in tests. */
  random?: () => number;
  onDrop?: (occurrence: DroppedOccurrence) => void;
  /**
   * Send each occurrence no earlier than its planned instant, waiting on the clock (occurrences
   * claimed early; see fire-on-time.ts). Off by default: a batch sends what it was given at once.
   */
  isHeldUntilPlanned?: boolean;
}

export interface ExecutionSummary {
  dispatched: number;
  skipped: number;
  quotaExceeded: number;
  dropped: number;
  recorded: number;
  /** SQL statements issued for the batch (excluding pg-boss's own fetch and completion). */
  statements: number;
  runs: NewRun[];
  /** The batch's endpoints that alerting watches (a policy or an open incident): only these need evaluating. */
  alertWatched: Set<string>;
}

/** An occurrence that ends without a run: stale, paused, archived, gone, or unreadable. */
export interface DroppedOccurrence {
  endpointId: string;
  occurrenceId: string;
  reason: string;
}

/** classify's output: what to do with each live occurrence, and what to drop. */
export interface Classified {
  decisions: Decision[];
  dropped: DroppedOccurrence[];
}

/** A claimed job whose payload parsed. */
export interface ParsedJob {
  payload: ExecuteOccurrencePayload;
  isRedelivery: boolean;
}

/**
 * How long a batch's answered dispatches wait for the rest before they are committed without them.
 * Fast targets answer well within it (one commit per batch); a slow target then does not hold the
 * other endpoints' runs and next occurrences behind its timeout.
 */
export const COMMIT_WAVE_MS = 250;

/**
 * Executes a batch of due occurrences in named phases:
 * classify (drop stale, paused or archived; overlap policy) → applyQuota (atomic ledger
 * increment) → dispatchAll (in parallel) → planOutcomes (pure: runs, endpoint states, next
 * occurrences, retries) → commitBatch (one transaction per wave of answers, see COMMIT_WAVE_MS).
 * The database work is set-based across the batch.
 */
export async function executeOccurrences(
  deps: EngineDependencies,
  jobs: OccurrenceJob[],
  options: ExecutionOptions = {},
): Promise<ExecutionSummary> {
  const counter = { count: 0 };
  const sql = countingExecutor(deps.sql, counter);

  const { parsed, invalid } = parseJobs(jobs);
  const targets = await loadExecutionTargets(sql, [...new Set(parsed.map((job) => job.payload.endpointId))]);
  const decidedAt = deps.clock.now();
  const classified = classify(parsed, targets, decidedAt);
  const dropped = [...invalid, ...classified.dropped];
  for (const occurrence of dropped) options.onDrop?.(occurrence);

  const decisions = await applyQuota(deps, sql, classified.decisions, decidedAt);
  const outcomes = await dispatchAll(deps, sql, decisions, decidedAt, options.isHeldUntilPlanned ?? false);
  const summary: ExecutionSummary = {
    dispatched: 0,
    skipped: 0,
    quotaExceeded: 0,
    dropped: dropped.length,
    recorded: 0,
    statements: 0,
    runs: [],
    alertWatched: new Set(targets.filter((target) => target.isAlertWatched).map((target) => target.id)),
  };
  // Usually one wave: every target answers within the window. A slow one commits on its own later.
  for await (const wave of settleInWaves(outcomes, COMMIT_WAVE_MS)) {
    const finishedAt = deps.clock.now();
    const plan = planOutcomes(wave, {
      decidedAt,
      now: finishedAt,
      tierLimits: deps.tierLimits,
      ...(deps.maxBackoffMs !== undefined ? { maxBackoffMs: deps.maxBackoffMs } : {}),
      autoPauseAfterFailures: options.autoPauseAfterFailures ?? DEFAULT_AUTO_PAUSE_AFTER_FAILURES,
      random: options.random ?? Math.random,
      newOccurrenceId: () => newOccurrenceId(finishedAt.getTime()),
    });
    summary.recorded += await commitBatch(deps, counter, plan, finishedAt);
    summary.dispatched += plan.counts.dispatched;
    summary.skipped += plan.counts.skipped;
    summary.quotaExceeded += plan.counts.quotaExceeded;
    summary.runs.push(...plan.runs);
  }
  summary.statements = counter.count;
  return summary;
}

function parseJobs(jobs: OccurrenceJob[]): { parsed: ParsedJob[]; invalid: DroppedOccurrence[] } {
  const parsed: ParsedJob[] = [];
  const invalid: DroppedOccurrence[] = [];
  for (const job of jobs) {
    const result = executeOccurrencePayload.safeParse(job.data);
    if (result.success) parsed.push({ payload: result.data, isRedelivery: (job.retryCount ?? 0) > 0 });
    else
      invalid.push({ endpointId: 'unknown', occurrenceId: job.id, reason: `invalid payload: ${result.error.message}` });
  }
  return { parsed, invalid };
}

/**
 * Phase 1 (pure): drops what must not run any more (the stale check: the endpoint names another
 * occurrence; paused; archived; gone) and applies the overlap policy.
 */
export function classify(jobs: ParsedJob[], targets: ExecutionTarget[], now: Date): Classified {
  const byId = new Map(targets.map((target) => [target.id, target]));
  const classified: Classified = { decisions: [], dropped: [] };
  const claimedInBatch = new Set<string>();
  for (const { payload, isRedelivery } of jobs) {
    const drop = (reason: string) =>
      classified.dropped.push({ endpointId: payload.endpointId, occurrenceId: payload.occurrenceId, reason });
    const target = byId.get(payload.endpointId);
    if (!target) {
      drop('endpoint no longer exists');
      continue;
    }
    const reason = dropReason(payload, target, now);
    if (reason) {
      drop(reason);
      continue;
    }
    const occurrence: ClaimedOccurrence = { payload, target, isRedelivery };
    const inFlightCutoff = now.getTime() - target.timeoutMs - IN_FLIGHT_GRACE_MS;
    const isInFlight =
      claimedInBatch.has(target.id) ||
      (!isRedelivery && target.inFlightSince !== null && target.inFlightSince.getTime() > inFlightCutoff);
    if (target.overlapPolicy === 'skip' && isInFlight && payload.kind !== 'test') {
      classified.decisions.push({
        kind: 'skip-overlap',
        occurrence,
        reason: 'skipped: the previous run is still in flight',
      });
      continue;
    }
    claimedInBatch.add(target.id);
    classified.decisions.push({ kind: 'dispatch', occurrence });
  }
  return classified;
}

function dropReason(payload: ExecuteOccurrencePayload, target: ExecutionTarget, now: Date): string | null {
  if (target.jobStatus === 'archived') return 'its job is archived';
  if (payload.kind === 'scheduled') {
    if (target.currentOccurrenceId !== payload.occurrenceId) return 'stale: the schedule changed after it was queued';
    if (target.jobStatus !== 'active') return 'its job is paused';
    if (isPauseActive(pauseOf(target, target.jobStatus), now)) return 'the endpoint is paused';
  }
  if (
    payload.kind === 'retry' &&
    (target.jobStatus !== 'active' || isPauseActive(pauseOf(target, target.jobStatus), now))
  ) {
    return 'the endpoint was paused before the retry';
  }
  return null;
}

/**
 * Phase 2: counts the batch's dispatches in each owner's monthly ledger in one statement;
 * whatever exceeds the plan's limit is refunded and becomes quota-exceeded instead of being sent.
 */
async function applyQuota(
  deps: EngineDependencies,
  sql: SqlExecutor,
  decisions: Decision[],
  now: Date,
): Promise<Decision[]> {
  const month = monthKey(now);
  const byUser = new Map<string, number[]>();
  decisions.forEach((decision, index) => {
    if (decision.kind !== 'dispatch') return;
    const indexes = byUser.get(decision.occurrence.target.userId) ?? [];
    indexes.push(index);
    byUser.set(decision.occurrence.target.userId, indexes);
  });
  if (byUser.size === 0) return decisions;
  const totals = await incrementRunUsage(
    sql,
    [...byUser.entries()].map(([userId, indexes]) => ({ userId, month, runs: indexes.length })),
  );
  const checked = [...decisions];
  for (const [userId, indexes] of byUser) {
    const tier = decisions[indexes[0] ?? 0]?.occurrence.target.tier;
    if (!tier) continue;
    const limit = deps.tierLimits[tier].runsPerMonth;
    const total = totals.get(`${userId}|${month}`) ?? 0;
    const allowed = Math.max(0, Math.min(indexes.length, limit - (total - indexes.length)));
    const rejected = indexes.slice(allowed);
    if (rejected.length === 0) continue;
    for (const index of rejected) {
      const decision = checked[index];
      if (decision?.kind === 'dispatch')
        checked[index] = { kind: 'quota-exceeded', occurrence: decision.occurrence, limit };
    }
    await refundRunUsage(sql, userId, month, rejected.length);
  }
  return checked;
}

/**
 * Phase 3: marks the dispatched endpoints in flight, loads their owners' signing keys, and calls
 * every target in parallel (each at its planned instant when held). Returns one outcome promise
 * per decision, in order; decisions that send nothing are settled at once.
 */
async function dispatchAll(
  deps: EngineDependencies,
  sql: SqlExecutor,
  decisions: Decision[],
  now: Date,
  isHeldUntilPlanned: boolean,
): Promise<Promise<Outcome>[]> {
  const toDispatch = decisions.flatMap((decision) => (decision.kind === 'dispatch' ? [decision.occurrence] : []));
  await markInFlight(sql, [...new Set(toDispatch.map((occurrence) => occurrence.target.id))], now);
  const signedOwners = toDispatch.filter((occurrence) => occurrence.target.isSigned).map(({ target }) => target.userId);
  const rings =
    signedOwners.length > 0
      ? await deps.signingKeys.ringsFor(signedOwners, now)
      : new Map<string, { id: string; secret: string }[]>();
  return decisions.map(async (decision): Promise<Outcome> => {
    if (decision.kind !== 'dispatch') return decision;
    const { occurrence } = decision;
    if (isHeldUntilPlanned) await deps.clock.waitUntil(holdUntil(Date.parse(occurrence.payload.plannedAt), now));
    const result = await dispatchOne(deps, occurrence, rings.get(occurrence.target.userId) ?? []);
    return { kind: 'dispatched', occurrence, result };
  });
}

function dispatchOne(
  deps: EngineDependencies,
  { target, payload }: ClaimedOccurrence,
  signingKeys: { id: string; secret: string }[],
) {
  return deps.dispatcher.dispatch({
    url: target.url,
    method: target.method,
    headers: requestHeadersOf(target.headers, deps.encryptionSecret),
    secretHeaderNames: secretHeaderNamesOf(target.headers),
    body: target.body,
    timeoutMs: Math.min(target.timeoutMs, deps.tierLimits[target.tier].timeoutCapMs),
    captureLimitBytes: deps.tierLimits[target.tier].responseCaptureBytes,
    signingKeys,
    isSigned: target.isSigned,
    idempotencyKey: payload.occurrenceId,
    now: () => deps.clock.now(),
    endpointId: target.id,
  });
}

/**
 * Phase 5: one transaction records every run (unique per occurrence attempt), applies each
 * endpoint's state (guarded by its current occurrence, so a concurrent edit wins), and queues
 * the next occurrences of the endpoints it updated, the retries and any planner triggers.
 * Returns the number of runs recorded.
 */
async function commitBatch(
  deps: EngineDependencies,
  counter: { count: number },
  plan: BatchPlan,
  now: Date,
): Promise<number> {
  const planner = new PlannerRunObserver(now);
  for (const { target, run } of plan.observations) planner.observe(target, run);
  return withSqlTransaction(deps.sql, async (client) => {
    const tx = countingExecutor(client, counter);
    const inserted = await insertRuns(tx, plan.runs);
    const updated = await applyEndpointStates(tx, plan.stateUpdates);
    await updateFailureStreaks(tx, plan.streakUpdates);
    const jobsToQueue = [
      ...[...plan.nextJobs.entries()].filter(([endpointId]) => updated.has(endpointId)).map(([, job]) => job),
      ...plan.retryJobs,
    ];
    if (jobsToQueue.length > 0) {
      counter.count += 1;
      await deps.boss.insert(OCCURRENCE_QUEUE, jobsToQueue, { db: bossDatabase(client) });
    }
    // Analysis triggers for AI-enabled endpoints whose state changed: set-based, usually none.
    await planner.flush(tx, deps.boss);
    return inserted.size;
  });
}

/** Counts statements so benchmarks can report queries per execution. */
function countingExecutor(sql: SqlExecutor, counter: { count: number }): SqlExecutor {
  return {
    query: (text, values) => {
      counter.count += 1;
      return sql.query(text, values);
    },
  };
}
