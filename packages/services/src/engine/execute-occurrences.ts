import {
  applyEndpointStates,
  bossDatabase,
  type EndpointStateUpdate,
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
import {
  classifyOutcome,
  DEFAULT_MAX_BACKOFF_MS,
  formatDuration,
  isPauseActive,
  monthKey,
  nextRetryDelay,
  type PlanInput,
  parseRetryAfterMs,
  type RetryPolicy,
  startOfNextMonthUtc,
} from '@cronwise/domain';
import { type ExecuteOccurrencePayload, executeOccurrencePayload } from '@cronwise/jobs';
import type { JobInsert } from 'pg-boss';
import { PlannerRunObserver } from '../planner/run-observer';
import { decryptSecret, type EncryptionSecrets, isEncryptedSecret } from '../secrets/secret-box';
import type { EngineDependencies } from './contract';
import type { DispatchResult } from './dispatcher';
import { pauseOf, planEndpoint } from './endpoint-plan';
import { hintClears, isWithinHorizon, newOccurrenceId, OCCURRENCE_QUEUE, scheduledOccurrence } from './occurrences';
import { signingKeyRingsFor } from './signing-keys';
import { parseSuccessStatusCodes } from './success-rule';

export const DEFAULT_AUTO_PAUSE_AFTER_FAILURES = 15;
/** Grace after an endpoint's timeout before an in-flight marker is considered abandoned. */
const IN_FLIGHT_GRACE_MS = 60_000;

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
  onDrop?: (occurrence: { endpointId: string; occurrenceId: string; reason: string }) => void;
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
}

interface Item {
  payload: ExecuteOccurrencePayload;
  target: ExecutionTarget;
  isRedelivery: boolean;
}

type Decision =
  | { kind: 'dispatch'; item: Item }
  | { kind: 'skip-overlap'; item: Item; reason: string }
  | { kind: 'quota-exceeded'; item: Item; limit: number };

interface SecretHeader {
  name: string;
  value: string;
  isSecret?: boolean;
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

/**
 * Executes a batch of due occurrences: load endpoints → drop stale, paused or
 * archived → overlap policy → quota (atomic ledger increment) → dispatch in
 * parallel → one transaction that records every run, updates each endpoint's
 * state, and enqueues its next occurrence (and any in-run retry). The database
 * work is set-based across the batch.
 */
export async function executeOccurrences(
  deps: EngineDependencies,
  jobs: OccurrenceJob[],
  options: ExecutionOptions = {},
): Promise<ExecutionSummary> {
  const counter = { count: 0 };
  const sql = countingExecutor(deps.sql, counter);
  const summary: ExecutionSummary = {
    dispatched: 0,
    skipped: 0,
    quotaExceeded: 0,
    dropped: 0,
    recorded: 0,
    statements: 0,
    runs: [],
  };
  const drop = (payload: { endpointId: string; occurrenceId: string }, reason: string) => {
    summary.dropped += 1;
    options.onDrop?.({ endpointId: payload.endpointId, occurrenceId: payload.occurrenceId, reason });
  };

  const payloads: { payload: ExecuteOccurrencePayload; retryCount: number }[] = [];
  for (const job of jobs) {
    const parsed = executeOccurrencePayload.safeParse(job.data);
    if (parsed.success) payloads.push({ payload: parsed.data, retryCount: job.retryCount ?? 0 });
    else drop({ endpointId: 'unknown', occurrenceId: job.id }, `invalid payload: ${parsed.error.message}`);
  }
  const targets = new Map(
    (await loadExecutionTargets(sql, [...new Set(payloads.map((entry) => entry.payload.endpointId))])).map((target) => [
      target.id,
      target,
    ]),
  );
  const now = deps.clock.now();

  const decisions: Decision[] = [];
  const claimedInBatch = new Set<string>();
  for (const { payload, retryCount } of payloads) {
    const target = targets.get(payload.endpointId);
    if (!target) {
      drop(payload, 'endpoint no longer exists');
      continue;
    }
    const item: Item = { payload, target, isRedelivery: retryCount > 0 };
    const reason = dropReason(item, now);
    if (reason) {
      drop(payload, reason);
      continue;
    }
    const inFlightCutoff = now.getTime() - target.timeoutMs - IN_FLIGHT_GRACE_MS;
    const isInFlight =
      claimedInBatch.has(target.id) ||
      (!item.isRedelivery && target.inFlightSince !== null && target.inFlightSince.getTime() > inFlightCutoff);
    if (target.overlapPolicy === 'skip' && isInFlight && payload.kind !== 'test') {
      decisions.push({ kind: 'skip-overlap', item, reason: 'skipped: the previous run is still in flight' });
      continue;
    }
    claimedInBatch.add(target.id);
    decisions.push({ kind: 'dispatch', item });
  }

  await applyQuota(deps, sql, decisions, now);
  const toDispatch = decisions.filter((decision) => decision.kind === 'dispatch').map((decision) => decision.item);
  await markInFlight(sql, [...new Set(toDispatch.map((item) => item.target.id))], now);
  const rings = toDispatch.some((item) => item.target.isSigned)
    ? await signingKeyRingsFor(
        deps,
        deps.sql,
        toDispatch.filter((item) => item.target.isSigned).map((item) => item.target.userId),
        {
          encryptionSecret: deps.encryptionSecret,
          now,
        },
      )
    : new Map();

  const results = await Promise.all(
    toDispatch.map(async (item) => ({
      item,
      result: await dispatchItem(deps, item, rings.get(item.target.userId) ?? []),
    })),
  );
  const resultByItem = new Map(results.map(({ item, result }) => [item, result]));

  const runs: NewRun[] = [];
  const stateUpdates: EndpointStateUpdate[] = [];
  const nextJobs = new Map<string, JobInsert<ExecuteOccurrencePayload>>();
  const retryJobs: JobInsert<ExecuteOccurrencePayload>[] = [];
  const streakUpdates: { id: string; failureStreak: number; lastRunStatus: string; lastRunAt: Date }[] = [];
  const finishedAt = deps.clock.now();
  const planner = new PlannerRunObserver(finishedAt);
  const autoPauseAfter = options.autoPauseAfterFailures ?? DEFAULT_AUTO_PAUSE_AFTER_FAILURES;

  for (const decision of decisions) {
    const { item } = decision;
    const { payload, target } = item;
    const plannedAt = new Date(payload.plannedAt);
    const baseRun = {
      endpointId: target.id,
      jobId: target.jobId,
      userId: target.userId,
      occurrenceId: payload.occurrenceId,
      attempt: payload.attempt,
      plannedAt,
      source: payload.kind === 'scheduled' ? payload.source : payload.kind,
      explanation: payload.explanation,
    };
    let status: NewRun['status'];
    let isFailure = false;
    let deferUntil: PlanInput['deferUntil'] = null;
    if (decision.kind === 'dispatch') {
      const result = resultByItem.get(item) as DispatchResult;
      status = runStatus(result, target.successStatusCodes);
      isFailure = status !== 'success';
      summary.dispatched += 1;
      runs.push({
        ...baseRun,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
        status,
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
      });
      const retry = isFailure && payload.kind !== 'test' ? planRetry(deps, item, result, finishedAt, options) : null;
      if (retry) retryJobs.push(retry);
      if (isFailure) deferUntil = retryAfterDeferral(deps, result, finishedAt);
    } else {
      status = decision.kind === 'skip-overlap' ? 'skipped' : 'quota_exceeded';
      if (decision.kind === 'skip-overlap') summary.skipped += 1;
      else summary.quotaExceeded += 1;
      runs.push({
        ...baseRun,
        startedAt: null,
        finishedAt: now,
        status,
        statusCode: null,
        durationMs: null,
        latenessMs: null,
        responseBody: null,
        responseTruncated: false,
        responseContentType: null,
        responseSizeBytes: null,
        responseHeaders: null,
        requestSnapshot: null,
        error:
          decision.kind === 'skip-overlap'
            ? decision.reason
            : `monthly run limit of ${decision.limit.toLocaleString('en-US')} reached; upgrade your plan or wait for next month`,
      });
    }

    if (payload.kind !== 'scheduled') {
      if (decision.kind === 'dispatch') {
        const streak =
          status === 'success' ? 0 : payload.kind === 'retry' ? target.failureStreak : target.failureStreak + 1;
        streakUpdates.push({ id: target.id, failureStreak: streak, lastRunStatus: status, lastRunAt: finishedAt });
        if (payload.kind !== 'test')
          planner.observe(target, { status, streak, body: runs.at(-1)?.responseBody ?? null });
      }
      continue;
    }

    const streak = decision.kind === 'dispatch' ? (isFailure ? target.failureStreak + 1 : 0) : target.failureStreak;
    if (decision.kind === 'dispatch')
      planner.observe(target, { status, streak, body: runs.at(-1)?.responseBody ?? null });
    const lastPlannedAt = payload.anchorAt ? new Date(payload.anchorAt) : plannedAt;
    const base: EndpointStateUpdate = {
      id: target.id,
      expectedOccurrenceId: payload.occurrenceId,
      lastPlannedAt,
      lastRunAt: plannedAt,
      lastRunStatus: status,
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
    if (decision.kind === 'quota-exceeded') {
      const resumeAt = startOfNextMonthUtc(finishedAt);
      const occurrenceId = newOccurrenceId(finishedAt.getTime());
      const explanation = `monthly run limit of ${decision.limit.toLocaleString('en-US')} reached; runs resume at the start of next month (${resumeAt.toISOString().slice(0, 10)} 00:00 UTC)`;
      stateUpdates.push({
        ...base,
        nextRunAt: resumeAt,
        nextRunSource: 'quota',
        nextRunExplanation: explanation,
        currentOccurrenceId: occurrenceId,
      });
      nextJobs.set(target.id, {
        data: {
          ...payload,
          occurrenceId,
          attempt: 1,
          plannedAt: resumeAt.toISOString(),
          anchorAt: null,
          source: payload.source,
          explanation,
          consumesOneShot: null,
        },
        startAfter: resumeAt,
        singletonKey: target.id,
      });
      continue;
    }
    if (isFailure && streak >= autoPauseAfter) {
      const reason = `auto-paused after ${streak} consecutive failures`;
      stateUpdates.push({
        ...base,
        nextRunSource: 'paused',
        nextRunExplanation: `paused by the system: ${reason}; resume it once the target is fixed`,
        pauseReason: reason,
        pausedAt: finishedAt,
      });
      continue;
    }
    const planned = planEndpoint(withoutConsumedOneShot(target, payload.consumesOneShot), {
      now: finishedAt,
      tier: target.tier,
      tierLimits: deps.tierLimits,
      jobStatus: target.jobStatus,
      lastPlannedAt,
      lastRunAt: plannedAt,
      failureStreak: streak,
      deferUntil,
      ...(deps.maxBackoffMs !== undefined ? { maxBackoffMs: deps.maxBackoffMs } : {}),
    });
    const clears = hintClears(planned, payload.consumesOneShot);
    const update: EndpointStateUpdate = {
      ...base,
      ...clears,
      nextRunAt: planned.nextRunAt,
      nextRunSource: planned.source,
      nextRunExplanation: planned.explanation,
    };
    if (planned.nextRunAt) {
      const occurrenceId = newOccurrenceId(finishedAt.getTime());
      update.currentOccurrenceId = occurrenceId;
      nextJobs.set(
        target.id,
        scheduledOccurrence(target, { ...planned, nextRunAt: planned.nextRunAt }, occurrenceId, target.scheduleVersion)
          .job,
      );
    }
    stateUpdates.push(update);
  }

  // Next occurrences beyond the horizon wait on their endpoint row instead of in the queue.
  const pendingOccurrences = new Set<string>();
  for (const update of stateUpdates) {
    const job = nextJobs.get(update.id);
    if (job?.startAfter instanceof Date && !isWithinHorizon(job.startAfter, finishedAt)) {
      update.pendingOccurrence = job.data ?? null;
      pendingOccurrences.add(update.id);
    }
  }

  await withSqlTransaction(deps.sql, async (client) => {
    const tx = countingExecutor(client, counter);
    const inserted = await insertRuns(tx, runs);
    summary.recorded = inserted.size;
    const updated = await applyEndpointStates(tx, stateUpdates);
    await updateFailureStreaks(tx, streakUpdates);
    const jobsToQueue = [
      ...[...nextJobs.entries()].filter(([id]) => updated.has(id) && !pendingOccurrences.has(id)).map(([, job]) => job),
      ...retryJobs,
    ];
    if (jobsToQueue.length > 0) {
      counter.count += 1;
      await deps.boss.insert(OCCURRENCE_QUEUE, jobsToQueue, { db: bossDatabase(client) });
    }
    // Analysis triggers for AI-enabled endpoints whose state changed: set-based, usually none.
    await planner.flush(tx, deps.boss);
  });
  summary.statements = counter.count;
  summary.runs = runs;
  return summary;
}

function dropReason(item: Item, now: Date): string | null {
  const { payload, target } = item;
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
 * Counts the batch's dispatches in each owner's monthly ledger in one
 * statement; whatever exceeds the plan's limit is refunded and recorded as
 * quota_exceeded instead of being sent.
 */
async function applyQuota(deps: EngineDependencies, sql: SqlExecutor, decisions: Decision[], now: Date): Promise<void> {
  const month = monthKey(now);
  const byUser = new Map<string, number[]>();
  decisions.forEach((decision, index) => {
    if (decision.kind !== 'dispatch') return;
    const list = byUser.get(decision.item.target.userId) ?? [];
    list.push(index);
    byUser.set(decision.item.target.userId, list);
  });
  if (byUser.size === 0) return;
  const totals = await incrementRunUsage(
    sql,
    [...byUser.entries()].map(([userId, indexes]) => ({ userId, month, runs: indexes.length })),
  );
  for (const [userId, indexes] of byUser) {
    const first = decisions[indexes[0] ?? 0];
    if (first?.kind !== 'dispatch') continue;
    const limit = deps.tierLimits[first.item.target.tier].runsPerMonth;
    const total = totals.get(`${userId}|${month}`) ?? 0;
    const allowed = Math.max(0, Math.min(indexes.length, limit - (total - indexes.length)));
    const rejected = indexes.slice(allowed);
    if (rejected.length === 0) continue;
    for (const index of rejected) {
      const decision = decisions[index];
      if (decision?.kind === 'dispatch') decisions[index] = { kind: 'quota-exceeded', item: decision.item, limit };
    }
    await refundRunUsage(sql, userId, month, rejected.length);
  }
}

async function dispatchItem(deps: EngineDependencies, item: Item, signingKeys: { id: string; secret: string }[]) {
  const { target, payload } = item;
  const timeoutMs = Math.min(target.timeoutMs, deps.tierLimits[target.tier].timeoutCapMs);
  return deps.dispatcher.dispatch({
    url: target.url,
    method: target.method,
    headers: requestHeaders(target.headers, deps.encryptionSecret),
    secretHeaderNames: secretHeaderNames(target.headers),
    body: target.body,
    timeoutMs,
    captureLimitBytes: deps.tierLimits[target.tier].responseCaptureBytes,
    signingKeys,
    isSigned: target.isSigned,
    idempotencyKey: payload.occurrenceId,
    now: () => deps.clock.now(),
  });
}

function requestHeaders(stored: unknown, encryptionSecret: EncryptionSecrets): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!Array.isArray(stored)) return headers;
  for (const header of stored as SecretHeader[]) {
    if (!header || typeof header.name !== 'string' || typeof header.value !== 'string') continue;
    let value = header.value;
    if (header.isSecret && isEncryptedSecret(value)) {
      try {
        value = decryptSecret(value, encryptionSecret);
      } catch {
        continue;
      }
    }
    headers[header.name.toLowerCase()] = value;
  }
  return headers;
}

function secretHeaderNames(stored: unknown): Set<string> {
  if (!Array.isArray(stored)) return new Set();
  return new Set(
    (stored as SecretHeader[])
      .filter((header) => header?.isSecret && typeof header.name === 'string')
      .map((header) => header.name.toLowerCase()),
  );
}

function requestSnapshot(target: ExecutionTarget, result: DispatchResult) {
  const headers = Array.isArray(target.headers)
    ? (target.headers as SecretHeader[]).map((header) => ({
        name: header.name,
        value: header.isSecret ? '••••••' : header.value,
      }))
    : [];
  return {
    method: target.method,
    url: target.url,
    finalUrl: result.finalUrl,
    redirects: result.redirects,
    headers,
    bodyBytes: target.body ? Buffer.byteLength(target.body) : 0,
  };
}

function runStatus(result: DispatchResult, successRule: string): NewRun['status'] {
  if (result.outcome.kind === 'timeout') return 'timeout';
  if (result.outcome.kind === 'http')
    return parseSuccessStatusCodes(successRule)(result.outcome.status) ? 'success' : 'failure';
  return 'failure';
}

function planRetry(
  deps: EngineDependencies,
  item: Item,
  result: DispatchResult,
  now: Date,
  options: ExecutionOptions,
): JobInsert<ExecuteOccurrencePayload> | null {
  const { target, payload } = item;
  if (result.outcome.kind === 'blocked' || result.outcome.kind === 'not-sent') return null;
  const policy: RetryPolicy = {
    maxAttempts: Math.min(target.retryMaxAttempts, 1 + deps.tierLimits[target.tier].retriesPerRun),
    baseDelayMs: target.retryBaseDelayMs,
    maxDelayMs: target.retryMaxDelayMs,
  };
  // A 2xx that the success rule rejects is not a transient failure: no retry.
  if (result.outcome.kind === 'http' && !classifyOutcome(result.outcome).isRetryable) return null;
  const delayMs = nextRetryDelay(policy, payload.attempt, result.outcome, {
    now,
    random: (options.random ?? Math.random)(),
  });
  if (delayMs === null) return null;
  const runAt = new Date(now.getTime() + delayMs);
  const attempt = payload.attempt + 1;
  return {
    data: {
      ...payload,
      kind: 'retry',
      attempt,
      plannedAt: runAt.toISOString(),
      source: 'retry',
      explanation: `retry ${attempt} of ${policy.maxAttempts} after ${result.error ?? `HTTP ${result.statusCode}`}, ${formatDuration(delayMs)} later`,
      consumesOneShot: null,
    },
    startAfter: runAt,
    singletonKey: `retry:${payload.occurrenceId}`,
  };
}

/**
 * A failed run whose target sent Retry-After: the next scheduled run waits at least that long,
 * whether or not an in-run retry could (beyond MAX_RETRY_AFTER_MS it cannot), so Cronwise never
 * calls sooner than asked. The wait is bounded by the backoff cap, so a target cannot silence a
 * schedule for longer than a failing one would be.
 */
function retryAfterDeferral(deps: EngineDependencies, result: DispatchResult, now: Date): PlanInput['deferUntil'] {
  if (result.outcome.kind !== 'http' || result.outcome.retryAfter == null) return null;
  const askedMs = parseRetryAfterMs(result.outcome.retryAfter, now);
  if (askedMs === null || askedMs <= 0) return null;
  const waitMs = Math.min(askedMs, deps.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
  const capped = waitMs < askedMs ? `, capped at ${formatDuration(waitMs)}` : '';
  return {
    at: new Date(now.getTime() + waitMs),
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
