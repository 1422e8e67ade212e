/**
 * The deciding phase of an occurrence batch (see execute-occurrences.ts): from what happened to
 * each occurrence, what to record and what comes next. Pure: no I/O and no clock, so the rules
 * (retries, Retry-After deferral, failure streaks, auto-pause, quota deferral, the next occurrence
 * and whether it is queued now or waits for the horizon pass) are tested directly.
 */
import type { EndpointStateUpdate, ExecutionTarget, NewRun } from '@cronwise/db';
import {
  classifyOutcome,
  DEFAULT_MAX_BACKOFF_MS,
  formatDuration,
  nextRetryDelay,
  type PlanInput,
  parseRetryAfterMs,
  type RetryPolicy,
  startOfNextMonthUtc,
  type Tier,
  type TierLimits,
} from '@cronwise/domain';
import { type ExecuteOccurrencePayload, retryOccurrenceJob, scheduledOccurrenceJob } from '@cronwise/jobs';
import type { JobInsert } from 'pg-boss';
import { maskHeaders } from '../endpoints/endpoint-headers';
import { successStatusMatcher } from '../endpoints/success-status-codes';
import type { DispatchResult } from './dispatcher';
import { planEndpoint } from './endpoint-plan';
import { hintClears, isWithinHorizon, scheduledOccurrence } from './occurrences';

export const DEFAULT_AUTO_PAUSE_AFTER_FAILURES = 15;

/** A claimed occurrence with its endpoint as loaded for the batch. */
export interface ClaimedOccurrence {
  payload: ExecuteOccurrencePayload;
  target: ExecutionTarget;
  /** pg-boss delivered it again after a worker crashed holding it. */
  isRedelivery: boolean;
}

/** What the batch does with a live occurrence before anything is sent (classify, applyQuota). */
export type Decision =
  | { kind: 'dispatch'; occurrence: ClaimedOccurrence }
  | { kind: 'skip-overlap'; occurrence: ClaimedOccurrence; reason: string }
  | { kind: 'quota-exceeded'; occurrence: ClaimedOccurrence; limit: number };

/** A decision after dispatchAll: a dispatch carries the target's answer. */
export type Outcome =
  | Exclude<Decision, { kind: 'dispatch' }>
  | { kind: 'dispatched'; occurrence: ClaimedOccurrence; result: DispatchResult };

export interface OutcomeContext {
  /** When the batch was classified: the finish time of runs that were never sent. */
  decidedAt: Date;
  /** After the dispatches: what next occurrences, retries and deferrals are planned from. */
  now: Date;
  tierLimits: Record<Tier, TierLimits>;
  /** The longest failure backoff; the domain's default when absent. */
  maxBackoffMs?: number;
  autoPauseAfterFailures: number;
  /** Uniform in [0, 1): retry jitter. */
  random: () => number;
  /** A fresh id for each next occurrence. */
  newOccurrenceId: () => string;
}

/** A non-scheduled run (run-now, retry, test) moves the streak and last status, not the schedule. */
export interface StreakUpdate {
  id: string;
  failureStreak: number;
  lastRunStatus: string;
  lastRunAt: Date;
}

/** A dispatched run the planner may want to analyse (see PlannerRunObserver). */
export interface PlannerObservation {
  target: ExecutionTarget;
  run: { status: string; streak: number; body: string | null };
}

/** Everything commitBatch writes, in one transaction. */
export interface BatchPlan {
  runs: NewRun[];
  stateUpdates: EndpointStateUpdate[];
  streakUpdates: StreakUpdate[];
  /**
   * Next occurrences to queue, by endpoint, each only if its endpoint's state update applies (an
   * edit meanwhile wins). One beyond the horizon is not here: it rides on its state update
   * (`pendingOccurrence`) until the horizon pass queues it.
   */
  nextJobs: Map<string, JobInsert<ExecuteOccurrencePayload>>;
  retryJobs: JobInsert<ExecuteOccurrencePayload>[];
  observations: PlannerObservation[];
  counts: { dispatched: number; skipped: number; quotaExceeded: number };
}

export function planOutcomes(outcomes: Outcome[], context: OutcomeContext): BatchPlan {
  const plan: BatchPlan = {
    runs: [],
    stateUpdates: [],
    streakUpdates: [],
    nextJobs: new Map(),
    retryJobs: [],
    observations: [],
    counts: { dispatched: 0, skipped: 0, quotaExceeded: 0 },
  };
  for (const outcome of outcomes) {
    const run = recordedRun(outcome, context);
    plan.runs.push(run);
    if (outcome.kind === 'dispatched') plan.counts.dispatched += 1;
    else if (outcome.kind === 'skip-overlap') plan.counts.skipped += 1;
    else plan.counts.quotaExceeded += 1;

    if (outcome.kind === 'dispatched' && run.status !== 'success' && outcome.occurrence.payload.kind !== 'test') {
      const retry = planRetry(outcome.occurrence, outcome.result, context);
      if (retry) plan.retryJobs.push(retry);
    }
    if (outcome.occurrence.payload.kind === 'scheduled') planScheduledState(plan, outcome, run, context);
    else if (outcome.kind === 'dispatched') planStreak(plan, outcome.occurrence, run, context);
  }
  return plan;
}

function recordedRun(outcome: Outcome, context: OutcomeContext): NewRun {
  const { payload, target } = outcome.occurrence;
  const plannedAt = new Date(payload.plannedAt);
  const base = {
    endpointId: target.id,
    jobId: target.jobId,
    userId: target.userId,
    occurrenceId: payload.occurrenceId,
    attempt: payload.attempt,
    plannedAt,
    source: payload.kind === 'scheduled' ? payload.source : payload.kind,
    explanation: payload.explanation,
  };
  if (outcome.kind === 'dispatched') {
    const { result } = outcome;
    return {
      ...base,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      status: runStatus(result, target.successStatusCodes),
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      latenessMs: result.startedAt.getTime() - plannedAt.getTime(),
      responseBody: result.response?.body ?? null,
      responseTruncated: result.response?.isTruncated ?? false,
      responseContentType: result.response?.contentType ?? null,
      responseSizeBytes: result.response?.sizeBytes ?? null,
      responseHeaders: result.response?.headers ?? null,
      requestSnapshot: requestSnapshot(target, result),
      error: result.error,
    };
  }
  return {
    ...base,
    startedAt: null,
    finishedAt: context.decidedAt,
    status: outcome.kind === 'skip-overlap' ? 'skipped' : 'quota_exceeded',
    statusCode: null,
    durationMs: null,
    latenessMs: null,
    responseBody: null,
    responseTruncated: false,
    responseContentType: null,
    responseSizeBytes: null,
    responseHeaders: null,
    requestSnapshot: null,
    error: outcome.kind === 'skip-overlap' ? outcome.reason : quotaMessage(outcome.limit),
  };
}

function quotaMessage(limit: number): string {
  return `monthly run limit of ${limit.toLocaleString('en-US')} reached; upgrade your plan or wait for next month`;
}

/** A run-now, retry or test run: the streak and last status move, the schedule does not. */
function planStreak(plan: BatchPlan, occurrence: ClaimedOccurrence, run: NewRun, context: OutcomeContext): void {
  const { payload, target } = occurrence;
  // A retry continues its first attempt's failure; it does not count as another one.
  const streak =
    run.status === 'success' ? 0 : payload.kind === 'retry' ? target.failureStreak : target.failureStreak + 1;
  plan.streakUpdates.push({ id: target.id, failureStreak: streak, lastRunStatus: run.status, lastRunAt: context.now });
  if (payload.kind !== 'test') plan.observations.push({ target, run: runObserved(run, streak) });
}

/** A scheduled occurrence: the endpoint's state after it, and its next occurrence. */
function planScheduledState(plan: BatchPlan, outcome: Outcome, run: NewRun, context: OutcomeContext): void {
  const { payload, target } = outcome.occurrence;
  const isDispatched = outcome.kind === 'dispatched';
  const isFailure = isDispatched && run.status !== 'success';
  const streak = isDispatched ? (isFailure ? target.failureStreak + 1 : 0) : target.failureStreak;
  if (isDispatched) plan.observations.push({ target, run: runObserved(run, streak) });
  const lastPlannedAt = payload.anchorAt ? new Date(payload.anchorAt) : run.plannedAt;
  const base: EndpointStateUpdate = {
    id: target.id,
    expectedOccurrenceId: payload.occurrenceId,
    lastPlannedAt,
    lastRunAt: run.plannedAt,
    lastRunStatus: run.status,
    failureStreak: streak,
    nextRunAt: null,
    nextRunSource: null,
    nextRunExplanation: null,
    currentOccurrenceId: null,
    pendingOccurrence: null,
    clearAiInterval: false,
    clearAiOneShot: payload.consumesOneShot === 'ai-oneshot',
    clearManual: false,
    clearManualRunAt: payload.consumesOneShot === 'manual',
    clearPause: false,
    pauseReason: null,
    pausedAt: null,
  };

  if (outcome.kind === 'quota-exceeded') {
    deferToNextMonth(plan, base, outcome.occurrence, outcome.limit, context);
    return;
  }
  if (isFailure && streak >= context.autoPauseAfterFailures) {
    const reason = `auto-paused after ${streak} consecutive failures`;
    plan.stateUpdates.push({
      ...base,
      nextRunSource: 'paused',
      nextRunExplanation: `paused by the system: ${reason}; resume it once the target is fixed`,
      pauseReason: reason,
      pausedAt: context.now,
    });
    return;
  }
  const deferUntil = outcome.kind === 'dispatched' && isFailure ? retryAfterDeferral(outcome.result, context) : null;
  const planned = planEndpoint(withoutConsumedOneShot(target, payload.consumesOneShot), {
    now: context.now,
    tier: target.tier,
    tierLimits: context.tierLimits,
    jobStatus: target.jobStatus,
    lastPlannedAt,
    lastRunAt: run.plannedAt,
    failureStreak: streak,
    deferUntil,
    ...(context.maxBackoffMs !== undefined ? { maxBackoffMs: context.maxBackoffMs } : {}),
  });
  const update: EndpointStateUpdate = {
    ...base,
    ...hintClears(planned, payload.consumesOneShot),
    nextRunAt: planned.nextRunAt,
    nextRunSource: planned.source,
    nextRunExplanation: planned.explanation,
  };
  plan.stateUpdates.push(update);
  if (!planned.nextRunAt) return;
  update.currentOccurrenceId = context.newOccurrenceId();
  const { job } = scheduledOccurrence(
    target,
    { ...planned, nextRunAt: planned.nextRunAt },
    update.currentOccurrenceId,
    target.scheduleVersion,
  );
  queueNext(plan, update, job, context);
}

/** Over the monthly limit: the endpoint waits for the first instant of next month. */
function deferToNextMonth(
  plan: BatchPlan,
  base: EndpointStateUpdate,
  occurrence: ClaimedOccurrence,
  limit: number,
  context: OutcomeContext,
): void {
  const { payload, target } = occurrence;
  const resumeAt = startOfNextMonthUtc(context.now);
  const explanation = `monthly run limit of ${limit.toLocaleString('en-US')} reached; runs resume at the start of next month (${resumeAt.toISOString().slice(0, 10)} 00:00 UTC)`;
  const update: EndpointStateUpdate = {
    ...base,
    nextRunAt: resumeAt,
    nextRunSource: 'quota',
    nextRunExplanation: explanation,
    currentOccurrenceId: context.newOccurrenceId(),
  };
  plan.stateUpdates.push(update);
  queueNext(
    plan,
    update,
    scheduledOccurrenceJob({
      endpointId: target.id,
      occurrenceId: update.currentOccurrenceId as string,
      scheduleVersion: payload.scheduleVersion,
      plannedAt: resumeAt,
      anchorAt: null,
      source: payload.source,
      explanation,
      consumesOneShot: null,
    }),
    context,
  );
}

/** Within the horizon the next occurrence is queued now; beyond it, it waits on the endpoint row. */
function queueNext(
  plan: BatchPlan,
  update: EndpointStateUpdate,
  job: JobInsert<ExecuteOccurrencePayload>,
  context: OutcomeContext,
): void {
  if (job.startAfter instanceof Date && !isWithinHorizon(job.startAfter, context.now)) {
    update.pendingOccurrence = job.data ?? null;
    return;
  }
  plan.nextJobs.set(update.id, job);
}

function runObserved(run: NewRun, streak: number): PlannerObservation['run'] {
  return { status: run.status, streak, body: run.responseBody };
}

function runStatus(result: DispatchResult, successRule: string): NewRun['status'] {
  if (result.outcome.kind === 'timeout') return 'timeout';
  if (result.outcome.kind === 'http')
    return successStatusMatcher(successRule)(result.outcome.status) ? 'success' : 'failure';
  return 'failure';
}

/** What was sent, with secret header values masked. */
function requestSnapshot(target: ExecutionTarget, result: DispatchResult) {
  const headers = maskHeaders(target.headers).map(({ name, value }) => ({ name, value }));
  return {
    method: target.method,
    url: target.url,
    finalUrl: result.finalUrl,
    redirects: result.redirects,
    headers,
    bodyBytes: target.body ? Buffer.byteLength(target.body) : 0,
  };
}

/** The in-run retry of a failed attempt (network error, timeout, 5xx, 429), if the policy allows one. */
function planRetry(
  occurrence: ClaimedOccurrence,
  result: DispatchResult,
  context: OutcomeContext,
): JobInsert<ExecuteOccurrencePayload> | null {
  const { target, payload } = occurrence;
  if (result.outcome.kind === 'blocked' || result.outcome.kind === 'not-sent') return null;
  const policy: RetryPolicy = {
    maxAttempts: Math.min(target.retryMaxAttempts, 1 + context.tierLimits[target.tier].retriesPerRun),
    baseDelayMs: target.retryBaseDelayMs,
    maxDelayMs: target.retryMaxDelayMs,
  };
  // A 2xx that the success rule rejects is not a transient failure: no retry.
  if (result.outcome.kind === 'http' && !classifyOutcome(result.outcome).isRetryable) return null;
  const delayMs = nextRetryDelay(policy, payload.attempt, result.outcome, {
    now: context.now,
    random: context.random(),
  });
  if (delayMs === null) return null;
  const runAt = new Date(context.now.getTime() + delayMs);
  const attempt = payload.attempt + 1;
  return retryOccurrenceJob(payload, {
    attempt,
    plannedAt: runAt,
    explanation: `retry ${attempt} of ${policy.maxAttempts} after ${result.error ?? `HTTP ${result.statusCode}`}, ${formatDuration(delayMs)} later`,
  });
}

/**
 * A failed run whose target sent Retry-After: the next scheduled run waits at least that long,
 * whether or not an in-run retry could (beyond MAX_RETRY_AFTER_MS it cannot), so Cronwise never
 * calls sooner than asked. The wait is bounded by the backoff cap, so a target cannot silence a
 * schedule for longer than a failing one would be.
 */
function retryAfterDeferral(result: DispatchResult, context: OutcomeContext): PlanInput['deferUntil'] {
  if (result.outcome.kind !== 'http' || result.outcome.retryAfter == null) return null;
  const askedMs = parseRetryAfterMs(result.outcome.retryAfter, context.now);
  if (askedMs === null || askedMs <= 0) return null;
  const waitMs = Math.min(askedMs, context.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
  const capped = waitMs < askedMs ? `, capped at ${formatDuration(waitMs)}` : '';
  return {
    at: new Date(context.now.getTime() + waitMs),
    reason: `HTTP ${result.outcome.status} with Retry-After ${formatDuration(askedMs)}${capped}`,
  };
}

function withoutConsumedOneShot(
  target: ExecutionTarget,
  consumed: ExecuteOccurrencePayload['consumesOneShot'],
): ExecutionTarget {
  if (consumed === 'ai-oneshot')
    return { ...target, aiOneShotAt: null, aiOneShotExpiresAt: null, aiOneShotReason: null };
  if (consumed === 'manual') return { ...target, manualRunAt: null };
  return target;
}
