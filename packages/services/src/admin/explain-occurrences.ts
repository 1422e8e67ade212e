import {
  findEndpointForScheduling,
  findOccurrenceJobsForEndpoint,
  findUsageForMonth,
  findUserById,
  hintsFromColumns,
  type OccurrenceJobRow,
  scheduleFromColumns,
} from '@cronwise/db';
import {
  AppError,
  describeSchedule,
  ErrorCode,
  formatDuration,
  hintsInForce,
  isPauseActive,
  monthKey,
  type PlanSource,
  startOfNextMonthUtc,
  type Tier,
  type TierLimits,
} from '@cronwise/domain';
import { BOSS_SCHEMA, type ExecuteOccurrencePayload, executeOccurrencePayload } from '@cronwise/jobs';
import type { EngineDependencies } from '../engine/contract';
import { type PlannableEndpoint, pauseOf, planEndpoint } from '../engine/endpoint-plan';
import { isWithinHorizon, OCCURRENCE_HORIZON_MS, OCCURRENCE_QUEUE } from '../engine/occurrences';
import { notFound } from '../not-found';

/** How many later runs the explanation projects (each assumed to succeed). */
export const EXPLAINED_UPCOMING_RUNS = 5;
const MAX_LISTED_JOBS = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type HintKind = 'ai-interval' | 'ai-oneshot' | 'manual';

export interface ExplainedHint {
  kind: HintKind;
  intervalMs: number | null;
  runAt: Date | null;
  /** Null: a manual override that lasts until cleared. */
  expiresAt: Date | null;
  reason: string;
  /** Whether the governor uses it now (unexpired, and for AI hints: no manual override in force). */
  isInForce: boolean;
  note: string;
}

export interface ExplainedClamp {
  name: 'tier-minimum' | 'endpoint-minimum' | 'endpoint-maximum' | 'pause' | 'job-status' | 'quota' | 'backoff';
  /** Whether it holds back (or moves) the endpoint's runs right now. */
  isActive: boolean;
  detail: string;
}

export interface ExplainedRun {
  at: Date;
  /** The rule that decided this time (governor source, or `quota` for a deferral to next month). */
  source: PlanSource | 'quota' | string;
  explanation: string;
}

export interface ExplainedOccurrence {
  /** `queue`: a pg-boss job (within the horizon); `endpoint-row`: waiting on `pendingOccurrence`. */
  location: 'queue' | 'endpoint-row';
  jobId: string | null;
  state: string;
  kind: ExecuteOccurrencePayload['kind'] | 'unknown';
  occurrenceId: string | null;
  startAfter: Date;
  attempt: number | null;
  source: string | null;
  explanation: string | null;
  /** Whether it carries the endpoint's current occurrence id (otherwise the worker drops it). */
  isCurrent: boolean;
}

export interface OccurrenceExplanation {
  now: Date;
  endpoint: {
    id: string;
    name: string;
    url: string;
    jobId: string;
    jobStatus: 'active' | 'paused' | 'archived';
    ownerId: string;
    ownerEmail: string | null;
    tier: Tier;
  };
  schedule: {
    type: 'interval' | 'cron';
    intervalMs: number | null;
    cron: string | null;
    timezone: string | null;
    description: string;
    catchUpPolicy: 'skip' | 'once';
  };
  governorInputs: {
    lastPlannedAt: Date | null;
    lastScheduledRunAt: Date | null;
    lastRunAt: Date | null;
    lastRunStatus: string | null;
    failureStreak: number;
    scheduleVersion: number;
    minIntervalMs: number | null;
    maxIntervalMs: number | null;
    tierMinIntervalMs: number;
  };
  hints: ExplainedHint[];
  clamps: ExplainedClamp[];
  /** The decision stored at the last planning (what the worker will do). */
  planned: ExplainedRun | null;
  /** What the governor would decide if the endpoint were re-planned now. */
  replannedNow: ExplainedRun | null;
  /** The runs after the planned one, if each run succeeds and nothing else changes. */
  upcoming: ExplainedRun[];
  queued: ExplainedOccurrence[];
  horizonMs: number;
  /** Things an operator should look at (a missing occurrence, a stale job, a drifted plan). */
  findings: string[];
}

/** Everything `explainOccurrences` reads, for the pure explaining phase. */
export interface OccurrenceFacts {
  now: Date;
  endpoint: PlannableEndpoint & {
    name: string;
    url: string;
    jobId: string;
    userId: string;
    jobStatus: 'active' | 'paused' | 'archived';
    tier: Tier;
    lastRunAt: Date | null;
    lastRunStatus: string | null;
    scheduleVersion: number;
    nextRunAt: Date | null;
    nextRunSource: string | null;
    nextRunExplanation: string | null;
    currentOccurrenceId: string | null;
    pendingOccurrence: unknown;
  };
  ownerEmail: string | null;
  tierLimits: Record<Tier, TierLimits>;
  maxBackoffMs?: number;
  usage: { month: string; runs: number };
  jobs: OccurrenceJobRow[];
}

/**
 * Why an endpoint runs when it runs: its schedule, the governor's inputs, the hints and clamps in
 * force, the stored decision and the next few runs, and the occurrence waiting in the queue or on
 * the endpoint row. Read-only; operators call it for any endpoint.
 */
export async function explainOccurrences(
  deps: Pick<EngineDependencies, 'db' | 'sql' | 'clock' | 'tierLimits' | 'maxBackoffMs'>,
  endpointId: string,
): Promise<OccurrenceExplanation> {
  if (!UUID.test(endpointId)) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `"${endpointId}" is not an endpoint id; an endpoint id is a UUID such as 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b`,
      { issues: [{ path: ['id'], message: 'must be a UUID' }] },
    );
  }
  const now = deps.clock.now();
  const endpoint = await findEndpointForScheduling(deps.db, endpointId);
  if (!endpoint) throw notFound('endpoint', endpointId);
  const month = monthKey(now);
  const [owner, usage, jobs] = await Promise.all([
    findUserById(deps.db, endpoint.userId),
    findUsageForMonth(deps.db, endpoint.userId, month),
    findOccurrenceJobsForEndpoint(deps.sql, {
      schema: BOSS_SCHEMA,
      queue: OCCURRENCE_QUEUE,
      endpointId,
      limit: MAX_LISTED_JOBS,
    }),
  ]);
  return describeOccurrences({
    now,
    endpoint,
    ownerEmail: owner?.email ?? null,
    tierLimits: deps.tierLimits,
    ...(deps.maxBackoffMs !== undefined ? { maxBackoffMs: deps.maxBackoffMs } : {}),
    usage: { month, runs: usage.runs },
    jobs,
  });
}

/** The deciding phase: pure, from the facts read. */
export function describeOccurrences(facts: OccurrenceFacts): OccurrenceExplanation {
  const { now, endpoint } = facts;
  const limits = facts.tierLimits[endpoint.tier];
  const queued = explainQueued(facts);
  const planned: ExplainedRun | null = endpoint.nextRunAt
    ? {
        at: endpoint.nextRunAt,
        source: endpoint.nextRunSource ?? 'unknown',
        explanation: endpoint.nextRunExplanation ?? '',
      }
    : null;
  const context = {
    tier: endpoint.tier,
    tierLimits: facts.tierLimits,
    jobStatus: endpoint.jobStatus,
    ...(facts.maxBackoffMs !== undefined ? { maxBackoffMs: facts.maxBackoffMs } : {}),
  };
  const replan = planEndpoint(endpoint, { ...context, now, pendingRunAt: endpoint.nextRunAt });
  const replannedNow: ExplainedRun | null = replan.nextRunAt
    ? { at: replan.nextRunAt, source: replan.source, explanation: replan.explanation }
    : null;
  const scheduled = queued.find((entry) => entry.isCurrent && entry.kind === 'scheduled');
  const anchor = scheduledAnchor(facts, scheduled);
  return {
    now,
    endpoint: {
      id: endpoint.id,
      name: endpoint.name,
      url: endpoint.url,
      jobId: endpoint.jobId,
      jobStatus: endpoint.jobStatus,
      ownerId: endpoint.userId,
      ownerEmail: facts.ownerEmail,
      tier: endpoint.tier,
    },
    schedule: {
      type: endpoint.scheduleType,
      intervalMs: endpoint.intervalMs,
      cron: endpoint.cron,
      timezone: endpoint.timezone,
      description: describeSchedule(scheduleFromColumns(endpoint)),
      catchUpPolicy: endpoint.catchUpPolicy,
    },
    governorInputs: {
      lastPlannedAt: endpoint.lastPlannedAt,
      lastScheduledRunAt: endpoint.lastScheduledRunAt,
      lastRunAt: endpoint.lastRunAt,
      lastRunStatus: endpoint.lastRunStatus,
      failureStreak: endpoint.failureStreak,
      scheduleVersion: endpoint.scheduleVersion,
      minIntervalMs: endpoint.minIntervalMs,
      maxIntervalMs: endpoint.maxIntervalMs,
      tierMinIntervalMs: limits.minIntervalMs,
    },
    hints: explainHints(endpoint, now, limits),
    clamps: explainClamps(facts, limits),
    planned,
    replannedNow,
    upcoming: planned && endpoint.nextRunSource !== 'quota' ? projectRuns(facts, planned.at, anchor, context) : [],
    queued,
    horizonMs: OCCURRENCE_HORIZON_MS,
    findings: findingsFor(facts, queued, planned, replannedNow),
  };
}

function explainQueued(facts: OccurrenceFacts): ExplainedOccurrence[] {
  const { endpoint } = facts;
  const fromJobs = facts.jobs.map((job): ExplainedOccurrence => {
    const payload = executeOccurrencePayload.safeParse(job.data);
    const data = payload.success ? payload.data : null;
    return {
      location: 'queue',
      jobId: job.id,
      state: job.state,
      kind: data?.kind ?? 'unknown',
      occurrenceId: data?.occurrenceId ?? null,
      startAfter: job.startAfter,
      attempt: data?.attempt ?? null,
      source: data?.source ?? null,
      explanation: data?.explanation ?? null,
      isCurrent: data !== null && data.occurrenceId === endpoint.currentOccurrenceId,
    };
  });
  const pending = executeOccurrencePayload.safeParse(endpoint.pendingOccurrence);
  if (!pending.success) return fromJobs;
  return [
    {
      location: 'endpoint-row',
      jobId: null,
      state: 'waiting for the horizon',
      kind: pending.data.kind,
      occurrenceId: pending.data.occurrenceId,
      startAfter: new Date(pending.data.plannedAt),
      attempt: pending.data.attempt,
      source: pending.data.source,
      explanation: pending.data.explanation,
      isCurrent: pending.data.occurrenceId === endpoint.currentOccurrenceId,
    },
    ...fromJobs,
  ];
}

/** The grid anchor of the planned occurrence (its payload knows it; the row's anchor otherwise). */
function scheduledAnchor(facts: OccurrenceFacts, scheduled: ExplainedOccurrence | undefined): Date | null {
  const payloads = [facts.endpoint.pendingOccurrence, ...facts.jobs.map((job) => job.data)];
  for (const raw of payloads) {
    const payload = executeOccurrencePayload.safeParse(raw);
    if (payload.success && payload.data.occurrenceId === scheduled?.occurrenceId) {
      return payload.data.anchorAt ? new Date(payload.data.anchorAt) : null;
    }
  }
  return facts.endpoint.nextRunAt;
}

function explainHints(endpoint: OccurrenceFacts['endpoint'], now: Date, limits: TierLimits): ExplainedHint[] {
  const nowMs = now.getTime();
  const inForce = hintsInForce(hintsFromColumns(endpoint), now);
  const floorMs = Math.max(endpoint.minIntervalMs ?? 0, limits.minIntervalMs);
  const hints: ExplainedHint[] = [];
  const manualInForce = inForce.manual !== null;
  const boundNote = (intervalMs: number) => {
    if (intervalMs < floorMs) return `below the ${formatDuration(floorMs)} floor, so the floor decides`;
    if (endpoint.maxIntervalMs != null && intervalMs > endpoint.maxIntervalMs) {
      return `above this endpoint's ${formatDuration(endpoint.maxIntervalMs)} maximum gap, so the maximum decides`;
    }
    return 'within the floor and maximum gap';
  };
  const expiryNote = (expiresAt: Date | null, inForce: boolean, setAside: boolean) => {
    if (expiresAt !== null && expiresAt.getTime() <= nowMs) return 'expired; cleared at the next planning';
    if (setAside) return 'set aside while a manual override is in force';
    if (!inForce) return 'not in force';
    return expiresAt === null
      ? 'in force until cleared'
      : `in force for another ${formatDuration(expiresAt.getTime() - nowMs)}`;
  };
  if (endpoint.manualIntervalMs != null || endpoint.manualRunAt != null) {
    const parts = [expiryNote(endpoint.manualExpiresAt, manualInForce, false)];
    if (endpoint.manualIntervalMs != null) parts.push(boundNote(endpoint.manualIntervalMs));
    hints.push({
      kind: 'manual',
      intervalMs: endpoint.manualIntervalMs,
      runAt: endpoint.manualRunAt,
      expiresAt: endpoint.manualExpiresAt,
      reason: endpoint.manualReason ?? '',
      isInForce: manualInForce,
      note: parts.join('; '),
    });
  }
  if (endpoint.aiIntervalMs != null && endpoint.aiIntervalExpiresAt) {
    const isInForce = inForce.aiInterval !== null;
    hints.push({
      kind: 'ai-interval',
      intervalMs: endpoint.aiIntervalMs,
      runAt: null,
      expiresAt: endpoint.aiIntervalExpiresAt,
      reason: endpoint.aiIntervalReason ?? '',
      isInForce,
      note: `${expiryNote(endpoint.aiIntervalExpiresAt, isInForce, manualInForce)}; ${boundNote(endpoint.aiIntervalMs)}`,
    });
  }
  if (endpoint.aiOneShotAt && endpoint.aiOneShotExpiresAt) {
    const isInForce = inForce.aiOneShot !== null;
    hints.push({
      kind: 'ai-oneshot',
      intervalMs: null,
      runAt: endpoint.aiOneShotAt,
      expiresAt: endpoint.aiOneShotExpiresAt,
      reason: endpoint.aiOneShotReason ?? '',
      isInForce,
      note: expiryNote(endpoint.aiOneShotExpiresAt, isInForce, manualInForce),
    });
  }
  return hints;
}

function explainClamps(facts: OccurrenceFacts, limits: TierLimits): ExplainedClamp[] {
  const { endpoint, now } = facts;
  const source = endpoint.nextRunSource;
  const endpointMinMs = endpoint.minIntervalMs ?? 0;
  const isTierFloor = limits.minIntervalMs >= endpointMinMs;
  const clamps: ExplainedClamp[] = [
    {
      name: 'tier-minimum',
      isActive: source === 'clamped-min' && isTierFloor,
      detail: `the ${endpoint.tier} plan allows a run at most every ${formatDuration(limits.minIntervalMs)}`,
    },
  ];
  if (endpoint.minIntervalMs != null) {
    clamps.push({
      name: 'endpoint-minimum',
      isActive: source === 'clamped-min' && !isTierFloor,
      detail: `this endpoint asks for at least ${formatDuration(endpoint.minIntervalMs)} between runs`,
    });
  }
  if (endpoint.maxIntervalMs != null) {
    clamps.push({
      name: 'endpoint-maximum',
      isActive: source === 'clamped-max',
      detail: `this endpoint runs at least every ${formatDuration(endpoint.maxIntervalMs)}`,
    });
  }
  if (endpoint.failureStreak > 0) {
    clamps.push({
      name: 'backoff',
      isActive: source === 'backoff',
      detail: `${endpoint.failureStreak} consecutive failure${endpoint.failureStreak === 1 ? '' : 's'}${
        endpoint.scheduleType === 'interval'
          ? '; interval schedules back off (doubling, capped)'
          : '; cron schedules keep their slots'
      }`,
    });
  }
  if (endpoint.jobStatus !== 'active') {
    clamps.push({ name: 'job-status', isActive: true, detail: `its job is ${endpoint.jobStatus}: nothing runs` });
  }
  const pause = pauseOf(endpoint, 'active');
  if (pause) {
    const active = isPauseActive(pause, now);
    clamps.push({
      name: 'pause',
      isActive: active,
      detail: `paused by ${pause.pausedBy}${pause.until ? ` until ${pause.until.toISOString()}` : ' until resumed'} (${pause.reason})${active ? '' : '; the pause is over'}`,
    });
  }
  const isExhausted = facts.usage.runs >= limits.runsPerMonth;
  clamps.push({
    name: 'quota',
    isActive: isExhausted || source === 'quota',
    detail: `${facts.usage.runs.toLocaleString('en-US')} of ${limits.runsPerMonth.toLocaleString('en-US')} runs used in ${facts.usage.month}${
      isExhausted ? `; exhausted, runs are deferred to ${startOfNextMonthUtc(now).toISOString()}` : ''
    }`,
  });
  return clamps;
}

/** The runs after `firstAt`, assuming each succeeds on time and nothing else changes. */
function projectRuns(
  facts: OccurrenceFacts,
  firstAt: Date,
  firstAnchor: Date | null,
  context: Omit<Parameters<typeof planEndpoint>[1], 'now'>,
): ExplainedRun[] {
  let endpoint: PlannableEndpoint = facts.endpoint;
  let at = firstAt;
  let anchor = firstAnchor;
  const runs: ExplainedRun[] = [];
  for (let index = 0; index < EXPLAINED_UPCOMING_RUNS; index += 1) {
    const plan = planEndpoint(endpoint, {
      ...context,
      now: at,
      lastPlannedAt: anchor ?? at,
      lastRunAt: at,
      failureStreak: 0,
    });
    if (!plan.nextRunAt) break;
    runs.push({ at: plan.nextRunAt, source: plan.source, explanation: plan.explanation });
    if (plan.consumesOneShot === 'ai-oneshot') endpoint = { ...endpoint, aiOneShotAt: null, aiOneShotExpiresAt: null };
    if (plan.consumesOneShot === 'manual') endpoint = { ...endpoint, manualRunAt: null };
    at = plan.nextRunAt;
    anchor = plan.anchorAt;
  }
  return runs;
}

function findingsFor(
  facts: OccurrenceFacts,
  queued: ExplainedOccurrence[],
  planned: ExplainedRun | null,
  replannedNow: ExplainedRun | null,
): string[] {
  const { endpoint, now } = facts;
  const findings: string[] = [];
  const current = queued.filter((entry) => entry.isCurrent && entry.kind === 'scheduled' && entry.state !== 'failed');
  if (planned && current.length === 0) {
    const overdueMs = now.getTime() - planned.at.getTime();
    findings.push(
      overdueMs > 0
        ? `no occurrence is queued and the planned run is ${formatDuration(overdueMs)} overdue; reconcile re-plans it (pnpm cli occurrences:reconcile)`
        : isWithinHorizon(planned.at, now)
          ? 'no occurrence is queued for the planned run; reconcile re-plans it once it is overdue'
          : 'the planned occurrence is neither queued nor waiting on the endpoint row; reconcile re-plans it once it is overdue',
    );
  }
  const failed = queued.filter((entry) => entry.state === 'failed');
  if (failed.length > 0) {
    findings.push(
      `${failed.length} failed job${failed.length === 1 ? '' : 's'} for this endpoint on ${OCCURRENCE_QUEUE}; redrive with pnpm cli redrive --queue ${OCCURRENCE_QUEUE}`,
    );
  }
  const stale = queued.filter((entry) => !entry.isCurrent && entry.kind === 'scheduled' && entry.state !== 'failed');
  if (stale.length > 0) {
    findings.push(
      `${stale.length} queued occurrence${stale.length === 1 ? ' carries' : 's carry'} an old occurrence id; the worker drops ${stale.length === 1 ? 'it' : 'them'} without a run`,
    );
  }
  // An interval endpoint that never ran is anchored at its planning time, so re-planning moves it.
  if (
    planned &&
    replannedNow &&
    endpoint.lastPlannedAt !== null &&
    endpoint.nextRunSource !== 'quota' &&
    endpoint.nextRunSource !== 'deferred' &&
    replannedNow.at.getTime() !== planned.at.getTime() &&
    planned.at.getTime() > now.getTime()
  ) {
    findings.push(
      `re-planned now, the governor would choose ${replannedNow.at.toISOString()} (${replannedNow.source}) instead of ${planned.at.toISOString()}; the next run or edit re-plans it`,
    );
  }
  if (!planned && endpoint.jobStatus === 'active' && !isPauseActive(pauseOf(endpoint, 'active'), now)) {
    findings.push('nothing is planned although the endpoint is neither paused nor in a paused job');
  }
  return findings;
}
