import { formatDuration } from './duration';
import { issue, type ValidationIssue, validationError } from './errors';
import { backoffIntervalMs, backoffJitterMs, DEFAULT_MAX_BACKOFF_MS } from './failure-backoff';
import { describePausedBy, isPauseActive, type Pause } from './pause';
import {
  type CronSchedule,
  cronOccurrencesAfter,
  describeSchedule,
  firstOccurrenceAtOrAfter,
  nextGridSlotAfterMs,
  type Schedule,
} from './schedule';
import { formatLocalTimeWithOffset } from './time-zone';

/**
 * The governor decides when an endpoint runs next. It is one pure function: the same input
 * always yields the same plan, so a plan can be recomputed, tested and explained.
 *
 * Precedence, highest first:
 * 1. Pause. An open-ended pause plans nothing (`nextRunAt: null`); a timed pause plans the
 *    first run at or after its end, computed as if "now" were the end, with missed slots
 *    skipped (a pause means "do not run", not "run later").
 * 2. Cadence, the first that applies: a fresh manual interval, a fresh AI interval hint (only
 *    when no manual override is fresh), else the baseline. Intervals stay on the grid anchored
 *    at `lastPlannedAt` (next = lastPlanned + interval, never now + interval). Interval
 *    baselines back off after failures: interval × 2^min(streak, 5), at most `maxBackoffMs`,
 *    ±10% deterministic jitter. A hint's expiry bounds the run it plans: when the hinted slot
 *    falls after the expiry, the cadence that follows the hint (usually the baseline) competes
 *    from the expiry on, and the earlier of the two runs.
 * 3. One-shots compete with the cadence: a fresh manual `runAt`, or a fresh AI one-shot when no
 *    manual override is fresh. The earliest wins; a one-shot in the past fires now; a one-shot
 *    that could only run after its expiry never fires.
 * 4. Clamps, last, so nothing can escape them: the floor max(endpoint min, plan min) measured
 *    from the last run, and a target's `deferUntil` (Retry-After), then the endpoint maximum
 *    gap (the floor and the target's request win if they conflict).
 *
 * Missed slots (the planned time passed while a worker was down or a run overran) follow the
 * catch-up policy: `skip` plans the next future slot, `once` runs once now for all of them and
 * then returns to the grid.
 */
export type CatchUpPolicy = 'skip' | 'once';

export type PlanOrigin = 'baseline-cron' | 'baseline-interval' | 'ai-interval' | 'ai-oneshot' | 'manual';
export type PlanSource = PlanOrigin | 'clamped-min' | 'clamped-max' | 'paused' | 'backoff' | 'deferred';
export type ExpiredHint = 'ai-interval' | 'ai-oneshot' | 'manual' | 'pause';

export interface AiIntervalHint {
  intervalMs: number;
  expiresAt: Date;
  reason: string;
}

export interface AiOneShotHint {
  runAt: Date;
  expiresAt: Date;
  reason: string;
}

/** A person's override: a cadence, a one-off time, or both. `expiresAt: null` lasts until cleared. */
export interface ManualOverride {
  intervalMs?: number | null;
  runAt?: Date | null;
  expiresAt: Date | null;
  reason: string;
}

export interface PlanHints {
  aiInterval?: AiIntervalHint | null;
  aiOneShot?: AiOneShotHint | null;
  manual?: ManualOverride | null;
}

export interface PlanInput {
  now: Date;
  /** Seeds the deterministic backoff jitter. */
  endpointId: string;
  schedule: Schedule;
  /**
   * The `anchorAt` of the previous plan that ran (or was skipped): the grid position, not the
   * jittered or clamped fire time. Null for an endpoint that has never been planned; intervals
   * are then anchored at `now`, so the first run is one interval from now.
   */
  lastPlannedAt: Date | null;
  /**
   * When the previous scheduled run fired (its `nextRunAt`, whatever its source). The floor is
   * measured from the later of this and `lastPlannedAt`. "Run now" runs do not count here: they
   * are a separate, audited action that does not disturb the schedule.
   */
  lastRunAt?: Date | null;
  catchUp: CatchUpPolicy;
  /** Consecutive failed runs, newest first; 0 after a success. */
  failureStreak: number;
  minIntervalMs?: number | null;
  maxIntervalMs?: number | null;
  tierMinIntervalMs: number;
  hints?: PlanHints;
  pause?: Pause | null;
  /** IANA zone for times in the explanation (each time carries its UTC offset); UTC when absent. */
  timezoneForDisplay?: string;
  /** The longest failure backoff; DEFAULT_MAX_BACKOFF_MS (24 h) when absent. */
  maxBackoffMs?: number;
  /**
   * When re-planning before the pending run happened (schedule edit, new hint, pause, resume):
   * that pending plan's `nextRunAt`, or null if nothing was pending. Runs count as missed only
   * when a planned time passed without its run, so a pending time still ahead (or none) means
   * nothing was missed and the catch-up policy does not apply. Leave it out when planning right
   * after a run or when repairing a lost occurrence.
   */
  pendingRunAt?: Date | null;
  /**
   * The target asked not to be called before this (a `Retry-After` longer than an in-run retry
   * may wait): the next run is held until then, like the floor.
   */
  deferUntil?: { at: Date; reason: string } | null;
}

export interface RunPlan {
  /** When to run next; null while paused until further notice. */
  nextRunAt: Date | null;
  /** Store this and pass it back as `lastPlannedAt` once the run has happened. */
  anchorAt: Date | null;
  /** What decided `nextRunAt`, including clamps, backoff and pauses. */
  source: PlanSource;
  /** The cadence or one-shot behind the decision, before clamps (for the run's `source`). */
  origin: PlanOrigin | null;
  /** One sentence for people. */
  explanation: string;
  /** Hints (and a timed pause) whose time is over; callers should clear these fields. */
  expiredHints: ExpiredHint[];
  /** When the planned run happens, this one-shot is used up and should be cleared. */
  consumesOneShot: 'ai-oneshot' | 'manual' | null;
}

interface Candidate {
  runAtMs: number;
  anchorMs: number | null;
  origin: PlanOrigin;
  source: PlanSource;
  description: string;
  isCronSlot: boolean;
  /** One-shots only: the run must not happen after this. */
  expiresAtMs?: number | null;
}

interface PlanningContext {
  input: PlanInput;
  nowMs: number;
  /** The real current time; `nowMs` is moved when planning from the end of a pause or hint. */
  realNowMs: number;
  catchUp: CatchUpPolicy;
  /**
   * False when nothing can have been missed: resuming from a pause (its slots were skipped on
   * purpose), continuing after a hint, or re-planning while the pending run is still ahead.
   */
  reportsMissedSlots: boolean;
  zone: string;
}

/** The hints the governor uses at an instant: unexpired, and AI hints only while no manual override is. */
export interface FreshHints {
  manual: ManualOverride | null;
  aiInterval: AiIntervalHint | null;
  aiOneShot: AiOneShotHint | null;
}

export function planNextRun(input: PlanInput): RunPlan {
  assertValidPlanInput(input);
  const nowMs = input.now.getTime();
  const zone = input.timezoneForDisplay ?? 'UTC';
  const { pendingRunAt } = input;
  const hasMissedPendingRun = pendingRunAt === undefined || (pendingRunAt !== null && pendingRunAt.getTime() < nowMs);
  const context: PlanningContext = {
    input,
    nowMs,
    realNowMs: nowMs,
    catchUp: hasMissedPendingRun ? input.catchUp : 'skip',
    reportsMissedSlots: hasMissedPendingRun,
    zone,
  };
  const expiredHints = findExpiredHints(input, nowMs);
  const { pause } = input;
  if (isPauseActive(pause, input.now)) return { ...planPaused(context, pause), expiredHints };
  return { ...planActive(context), expiredHints };
}

function planPaused(context: PlanningContext, pause: Pause): Omit<RunPlan, 'expiredHints'> {
  const who = describePausedBy(pause.pausedBy);
  if (pause.until === null) {
    return {
      nextRunAt: null,
      anchorAt: context.input.lastPlannedAt,
      source: 'paused',
      origin: null,
      explanation: withReason(`paused by ${who} until resumed`, pause.reason, ' '),
      consumesOneShot: null,
    };
  }
  const untilMs = pause.until.getTime();
  const resumed = planActive({ ...context, nowMs: untilMs, catchUp: 'skip', reportsMissedSlots: false });
  const pausePhrase = withReason(`paused by ${who} until ${clock(context, untilMs)}`, pause.reason, ' ');
  return { ...resumed, source: 'paused', explanation: `${pausePhrase}; then ${resumed.explanation}` };
}

function planActive(context: PlanningContext): Omit<RunPlan, 'expiredHints'> {
  const fresh = freshHints(context.input.hints ?? {}, context.nowMs);
  const cadence = planCadence(context, fresh);
  const oneShot = earliestOneShot(context, fresh);
  let clamped = applyClamps(context, cadence, cadence.origin);
  if (oneShot !== null && oneShot.runAtMs <= cadence.runAtMs) {
    // A one-shot does not take a grid slot, unless it coincides with one.
    const gridAnchorMs =
      oneShot.runAtMs === cadence.runAtMs
        ? cadence.anchorMs
        : (context.input.lastPlannedAt?.getTime() ?? context.nowMs);
    const clampedOneShot = applyClamps(context, { ...oneShot, anchorMs: gridAnchorMs }, cadence.origin);
    // A clamp that pushes a one-shot past its expiry cancels it: the cadence runs instead.
    if (oneShot.expiresAtMs == null || clampedOneShot.runAtMs <= oneShot.expiresAtMs) clamped = clampedOneShot;
  }
  // Any run at or after a one-shot's time fulfils it, even one the cadence or a clamp decided.
  const consumesOneShot =
    oneShot !== null && oneShot.runAtMs <= clamped.runAtMs ? (oneShot.origin as 'manual' | 'ai-oneshot') : null;
  return {
    nextRunAt: new Date(clamped.runAtMs),
    anchorAt: clamped.anchorMs === null ? null : new Date(clamped.anchorMs),
    source: clamped.source,
    origin: clamped.origin,
    explanation: clamped.description,
    consumesOneShot,
  };
}

/**
 * Which stored hints are in force at `now`, by the governor's own rule: the one answer for the
 * planner's prompt, `occurrences:explain` and the plan itself.
 */
export function hintsInForce(hints: PlanHints, now: Date): FreshHints {
  return freshHints(hints, now.getTime());
}

function freshHints(hints: PlanHints, nowMs: number): FreshHints {
  const manual = hints.manual != null && isFresh(hints.manual.expiresAt, nowMs) ? hints.manual : null;
  // A person's override outranks the AI: while it lasts, AI hints are set aside (not cleared).
  const aiInterval =
    manual === null && hints.aiInterval != null && isFresh(hints.aiInterval.expiresAt, nowMs) ? hints.aiInterval : null;
  const aiOneShot =
    manual === null && hints.aiOneShot != null && isFresh(hints.aiOneShot.expiresAt, nowMs) ? hints.aiOneShot : null;
  return { manual, aiInterval, aiOneShot };
}

function isFresh(expiresAt: Date | null, nowMs: number): boolean {
  return expiresAt === null || expiresAt.getTime() > nowMs;
}

function findExpiredHints(input: PlanInput, nowMs: number): ExpiredHint[] {
  const expired: ExpiredHint[] = [];
  const hints = input.hints ?? {};
  if (hints.aiInterval != null && !isFresh(hints.aiInterval.expiresAt, nowMs)) expired.push('ai-interval');
  if (hints.aiOneShot != null && !isFresh(hints.aiOneShot.expiresAt, nowMs)) expired.push('ai-oneshot');
  if (hints.manual != null && !isFresh(hints.manual.expiresAt, nowMs)) expired.push('manual');
  if (input.pause != null && input.pause.until !== null && input.pause.until.getTime() <= nowMs) expired.push('pause');
  return expired;
}

/**
 * The cadence in force, bounded by its hint's expiry: when the hinted slot falls after the hint
 * expires, the cadence that follows (computed from the expiry, as after a pause) competes, and
 * the earlier run wins. An override of every 6 h that expires in 1 h therefore does not hold the
 * endpoint for 6 h; back on the baseline, its grid resumes at the first slot after the expiry.
 */
function planCadence(context: PlanningContext, fresh: FreshHints): Candidate {
  const hinted = planHintedCadence(context, fresh);
  if (hinted === null) return planBaselineCadence(context);
  const { candidate, expiresAt, hintName } = hinted;
  if (expiresAt === null || candidate.runAtMs <= expiresAt.getTime()) return candidate;
  const expiresAtMs = expiresAt.getTime();
  const afterExpiry = planCadence(
    { ...context, nowMs: expiresAtMs, catchUp: 'skip', reportsMissedSlots: false },
    freshHints(context.input.hints ?? {}, expiresAtMs),
  );
  if (candidate.runAtMs <= afterExpiry.runAtMs) return candidate;
  return {
    ...afterExpiry,
    description: `${afterExpiry.description}, once the ${hintName} ends at ${clock(context, expiresAtMs)}`,
  };
}

function planHintedCadence(
  context: PlanningContext,
  fresh: FreshHints,
): { candidate: Candidate; expiresAt: Date | null; hintName: string } | null {
  const manualIntervalMs = fresh.manual?.intervalMs ?? null;
  if (fresh.manual !== null && manualIntervalMs !== null) {
    const label = withReason(`manual override${until(context, fresh.manual.expiresAt)}`, fresh.manual.reason);
    const description = `every ${formatDuration(manualIntervalMs)} (${label})`;
    return {
      candidate: planIntervalCadence(context, manualIntervalMs, 'manual', description),
      expiresAt: fresh.manual.expiresAt,
      hintName: 'manual override',
    };
  }
  if (fresh.aiInterval !== null) {
    const label = withReason(`AI hint${until(context, fresh.aiInterval.expiresAt)}`, fresh.aiInterval.reason);
    const description = `every ${formatDuration(fresh.aiInterval.intervalMs)} (${label})`;
    return {
      candidate: planIntervalCadence(context, fresh.aiInterval.intervalMs, 'ai-interval', description),
      expiresAt: fresh.aiInterval.expiresAt,
      hintName: 'AI hint',
    };
  }
  return null;
}

function planBaselineCadence(context: PlanningContext): Candidate {
  const { input } = context;
  if (input.schedule.type === 'cron') return planCronCadence(context, input.schedule);
  const { intervalMs } = input.schedule;
  if (input.failureStreak === 0) {
    return planIntervalCadence(
      context,
      intervalMs,
      'baseline-interval',
      `every ${formatDuration(intervalMs)} (baseline)`,
    );
  }
  const maxBackoffMs = input.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  const backedOffMs = backoffIntervalMs(intervalMs, input.failureStreak, maxBackoffMs);
  const failures = input.failureStreak === 1 ? '1 failure' : `${input.failureStreak} consecutive failures`;
  const every = `every ${formatDuration(intervalMs)} (baseline)`;
  const description =
    backedOffMs === intervalMs
      ? `${every} after ${failures}, not backed off: the interval already reaches the ${formatDuration(maxBackoffMs)} backoff cap`
      : backedOffMs === maxBackoffMs
        ? `${every} backed off to ${formatDuration(backedOffMs)}, the backoff cap, after ${failures}`
        : `${every} backed off to ${formatDuration(backedOffMs)} after ${failures}`;
  const candidate = planIntervalCadence(context, backedOffMs, 'baseline-interval', description);
  // Jitter moves runs on the grid; a catch-up run now stays now. The anchor stays on the grid.
  const isGridSlot = candidate.anchorMs === candidate.runAtMs && candidate.runAtMs !== context.nowMs;
  const jitterMs = isGridSlot ? backoffJitterMs(input.endpointId, input.failureStreak, backedOffMs) : 0;
  return { ...candidate, runAtMs: Math.max(context.nowMs, candidate.runAtMs + jitterMs), source: 'backoff' };
}

function planIntervalCadence(
  context: PlanningContext,
  intervalMs: number,
  origin: PlanOrigin,
  description: string,
): Candidate {
  const { nowMs } = context;
  const anchorMs = context.input.lastPlannedAt?.getTime() ?? nowMs;
  const firstSlotMs = anchorMs + intervalMs;
  const base = { origin, source: origin, isCronSlot: false } as const;
  if (firstSlotMs >= nowMs) return { ...base, runAtMs: firstSlotMs, anchorMs: firstSlotMs, description };
  // Slots before now have passed; the first slot at or after now is due.
  const dueSlotMs = nextGridSlotAfterMs(anchorMs, intervalMs, nowMs - 1);
  const missedCount = countMissedIntervalRuns(context, anchorMs, intervalMs);
  if (missedCount === 0) return { ...base, runAtMs: dueSlotMs, anchorMs: dueSlotMs, description };
  if (context.catchUp === 'once') {
    // When a slot falls exactly on now, this run is that slot: anchoring there keeps the next
    // run one interval away instead of repeating the slot a moment later.
    const anchorOfThisRunMs = dueSlotMs === nowMs ? dueSlotMs : dueSlotMs - intervalMs;
    return {
      ...base,
      runAtMs: nowMs,
      anchorMs: anchorOfThisRunMs,
      description: `${description}${missedNote(context, missedCount, 'once')}`,
    };
  }
  return {
    ...base,
    runAtMs: dueSlotMs,
    anchorMs: dueSlotMs,
    description: `${description}${missedNote(context, missedCount, 'skip')}`,
  };
}

/** Counting missed runs stops here; after a long outage "more than 100" says enough. */
const MISSED_RUNS_COUNT_LIMIT = 100;

/**
 * The earliest a missed run could have happened: after the last run plus the floor. Slots the
 * floor would have suppressed (a 1 ms interval on a 1 s plan) were never runs, so never missed.
 */
function missedRunsFloor(context: PlanningContext): { fromMs: number; floorMs: number } {
  const { input } = context;
  const floorMs = Math.max(input.minIntervalMs ?? 0, input.tierMinIntervalMs);
  const lastRunMs = latestMs(input.lastRunAt, input.lastPlannedAt) ?? Number.NEGATIVE_INFINITY;
  return { fromMs: lastRunMs + floorMs, floorMs };
}

/** Grid slots after the anchor and before now that could have run, counted without iterating. */
function countMissedIntervalRuns(context: PlanningContext, anchorMs: number, intervalMs: number): number {
  if (!context.reportsMissedSlots) return 0;
  const { fromMs, floorMs } = missedRunsFloor(context);
  const firstMs = nextGridSlotAfterMs(anchorMs, intervalMs, Math.max(anchorMs, fromMs - 1));
  if (firstMs >= context.nowMs) return 0;
  // Below the floor, runs could only have happened every whole number of intervals ≥ the floor.
  const strideMs = intervalMs * Math.max(1, Math.ceil(floorMs / intervalMs));
  return Math.ceil((context.nowMs - firstMs) / strideMs);
}

/** Slots skipped in a row under the floor before the walk jumps past the floor instead. */
const FLOOR_SKIPS_BEFORE_JUMP = 16;

/**
 * Cron slots after the last planned run and before now that could have run. The walk stops at
 * now (or past the count limit) and jumps over long stretches the floor suppresses, so a sparse
 * expression such as `0 0 29 2 *` costs a few steps rather than centuries of occurrences.
 */
function countMissedCronRuns(context: PlanningContext, schedule: CronSchedule, lastPlannedMs: number): number {
  if (!context.reportsMissedSlots) return 0;
  const { fromMs, floorMs } = missedRunsFloor(context);
  let earliestMs = Math.max(lastPlannedMs + 1, fromMs);
  let slots = cronOccurrencesAfter(schedule, new Date(earliestMs - 1));
  let count = 0;
  let skippedInRow = 0;
  for (;;) {
    const next = slots.next();
    if (next.done || next.value >= context.nowMs) return count;
    if (next.value < earliestMs) {
      skippedInRow += 1;
      if (skippedInRow >= FLOOR_SKIPS_BEFORE_JUMP) {
        slots = cronOccurrencesAfter(schedule, new Date(earliestMs - 1));
        skippedInRow = 0;
      }
      continue;
    }
    skippedInRow = 0;
    count += 1;
    if (count > MISSED_RUNS_COUNT_LIMIT) return Number.POSITIVE_INFINITY;
    earliestMs = next.value + floorMs;
  }
}

function planCronCadence(context: PlanningContext, schedule: CronSchedule): Candidate {
  const { nowMs } = context;
  const description = `${describeSchedule(schedule)} (baseline)`;
  const base = { origin: 'baseline-cron', source: 'baseline-cron', isCronSlot: true } as const;
  const dueMs = firstCronSlotAtOrAfter(schedule, nowMs) ?? nowMs;
  const lastPlannedAt = context.input.lastPlannedAt;
  const missedCount = lastPlannedAt === null ? 0 : countMissedCronRuns(context, schedule, lastPlannedAt.getTime());
  if (missedCount === 0) return { ...base, runAtMs: dueMs, anchorMs: dueMs, description };
  if (context.catchUp === 'once') {
    return {
      ...base,
      isCronSlot: false,
      runAtMs: nowMs,
      anchorMs: nowMs,
      description: `${description}${missedNote(context, missedCount, 'once')}`,
    };
  }
  return {
    ...base,
    runAtMs: dueMs,
    anchorMs: dueMs,
    description: `${description}${missedNote(context, missedCount, 'skip')}`,
  };
}

function firstCronSlotAtOrAfter(schedule: Schedule, instantMs: number): number | null {
  return firstOccurrenceAtOrAfter(schedule, new Date(instantMs))?.getTime() ?? null;
}

function missedNote(context: PlanningContext, missedCount: number, policy: CatchUpPolicy): string {
  if (!context.reportsMissedSlots) return '';
  const runs = !Number.isFinite(missedCount)
    ? `more than ${MISSED_RUNS_COUNT_LIMIT} missed runs`
    : `${missedCount} missed run${missedCount === 1 ? '' : 's'}`;
  return policy === 'once' ? `, running once now to catch up on ${runs}` : `, skipping ${runs}`;
}

function earliestOneShot(context: PlanningContext, fresh: FreshHints): Candidate | null {
  const candidates: Candidate[] = [];
  const manualRunAt = fresh.manual?.runAt ?? null;
  if (fresh.manual !== null && manualRunAt !== null) {
    const label = withReason(`manual override${until(context, fresh.manual.expiresAt)}`, fresh.manual.reason);
    candidates.push(oneShotCandidate(context, manualRunAt, fresh.manual.expiresAt, 'manual', label));
  }
  if (fresh.aiOneShot !== null) {
    const label = withReason(`AI hint${until(context, fresh.aiOneShot.expiresAt)}`, fresh.aiOneShot.reason);
    candidates.push(oneShotCandidate(context, fresh.aiOneShot.runAt, fresh.aiOneShot.expiresAt, 'ai-oneshot', label));
  }
  // A one-shot whose time comes after its expiry would fire as an expired hint: it never fires.
  return candidates
    .filter((candidate) => candidate.expiresAtMs == null || candidate.runAtMs <= candidate.expiresAtMs)
    .reduce<Candidate | null>(
      (earliest, candidate) => (earliest === null || candidate.runAtMs < earliest.runAtMs ? candidate : earliest),
      null,
    );
}

function oneShotCandidate(
  context: PlanningContext,
  runAt: Date,
  expiresAt: Date | null,
  origin: 'manual' | 'ai-oneshot',
  label: string,
): Candidate {
  const runAtMs = Math.max(runAt.getTime(), context.nowMs);
  const when = runAtMs === context.nowMs ? 'now' : `at ${clock(context, runAtMs)}`;
  return {
    runAtMs,
    anchorMs: null,
    origin,
    source: origin,
    description: `one-off run ${when} (${label})`,
    isCronSlot: false,
    expiresAtMs: expiresAt?.getTime() ?? null,
  };
}

/**
 * Holds a candidate to the floor and to a target's deferral, then caps it at the endpoint's
 * maximum gap. The explanation names the clamp that decided the final time, and only that one.
 */
function applyClamps(context: PlanningContext, candidate: Candidate, cadenceOrigin: PlanOrigin): Candidate {
  const { input, nowMs } = context;
  const endpointMinMs = input.minIntervalMs ?? 0;
  const floorMs = Math.max(endpointMinMs, input.tierMinIntervalMs);
  const lastRunMs = latestMs(input.lastRunAt, input.lastPlannedAt);
  const floorEarliestMs = lastRunMs === null ? nowMs : Math.max(nowMs, lastRunMs + floorMs);
  const deferUntilMs = input.deferUntil?.at.getTime() ?? Number.NEGATIVE_INFINITY;
  const isDeferred = deferUntilMs > floorEarliestMs;
  const earliestMs = Math.max(floorEarliestMs, deferUntilMs);
  const owner = input.tierMinIntervalMs >= endpointMinMs ? "your plan's" : "this endpoint's";
  const floorPhrase = `clamped to ${owner} ${formatDuration(floorMs)} minimum`;
  const heldPhrase = (atMs: number) =>
    isDeferred ? withReason(`deferred to ${clock(context, atMs)}`, input.deferUntil?.reason ?? '', ' ') : floorPhrase;
  const heldSource: PlanSource = isDeferred ? 'deferred' : 'clamped-min';

  let clamped = candidate;
  if (candidate.runAtMs < earliestMs) {
    // A cron cadence moves to its next own slot, so it keeps firing at times the user wrote.
    const cronSlotMs = candidate.isCronSlot ? firstCronSlotAtOrAfter(input.schedule, earliestMs) : null;
    const runAtMs = cronSlotMs ?? earliestMs;
    clamped = {
      ...candidate,
      runAtMs,
      anchorMs: runAtMs,
      source: heldSource,
      description: `${candidate.description}, ${heldPhrase(runAtMs)}`,
    };
  }
  if (input.maxIntervalMs != null) {
    const capMs = (lastRunMs ?? nowMs) + input.maxIntervalMs;
    const maximumPhrase = `this endpoint's ${formatDuration(input.maxIntervalMs)} maximum gap`;
    if (clamped.runAtMs > Math.max(capMs, earliestMs)) {
      // A capped run happens before any one-shot's time, so it belongs to the cadence.
      const isHeldAboveMaximum = capMs < earliestMs && earliestMs > nowMs;
      const cappedAtMs = Math.max(capMs, earliestMs);
      clamped = !isHeldAboveMaximum
        ? {
            ...candidate,
            runAtMs: cappedAtMs,
            anchorMs: cappedAtMs,
            source: 'clamped-max',
            origin: cadenceOrigin,
            description: `${candidate.description}, capped at ${maximumPhrase}`,
          }
        : {
            // The maximum would come before the floor (or the target's request): that wins.
            ...candidate,
            runAtMs: earliestMs,
            anchorMs: earliestMs,
            source: heldSource,
            origin: cadenceOrigin,
            description: `${candidate.description}, ${heldPhrase(earliestMs)} (which outranks ${maximumPhrase})`,
          };
    }
  }
  return clamped;
}

function latestMs(...dates: Array<Date | null | undefined>): number | null {
  const present = dates.filter((date): date is Date => date != null).map((date) => date.getTime());
  return present.length === 0 ? null : Math.max(...present);
}

function clock(context: PlanningContext, instantMs: number): string {
  return formatLocalTimeWithOffset(instantMs, context.zone, context.realNowMs);
}

function until(context: PlanningContext, expiresAt: Date | null): string {
  return expiresAt === null ? '' : ` until ${clock(context, expiresAt.getTime())}`;
}

/** Reasons come from people and models: one line, no control characters, bounded length. */
const REASON_MAX_CHARS = 200;

export function sanitiseReason(reason: string): string {
  const oneLine = reason
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...oneLine];
  return chars.length <= REASON_MAX_CHARS
    ? oneLine
    : `${chars
        .slice(0, REASON_MAX_CHARS - 1)
        .join('')
        .trimEnd()}…`;
}

function withReason(label: string, reason: string, separator = ': '): string {
  const trimmed = sanitiseReason(reason).replace(/[.\s]+$/, '');
  if (trimmed === '') return label;
  return separator === ': ' ? `${label}: ${trimmed}` : `${label} (${trimmed})`;
}

function assertValidPlanInput(input: PlanInput): void {
  const issues: ValidationIssue[] = [];
  const checkDate = (value: Date | null | undefined, path: Array<string | number>) => {
    if (value != null && (!(value instanceof Date) || Number.isNaN(value.getTime())))
      issues.push(issue(path, 'must be a valid Date'));
  };
  const checkPositive = (value: number | null | undefined, path: Array<string | number>) => {
    if (value != null && !(Number.isFinite(value) && value > 0))
      issues.push(issue(path, `must be a positive number of milliseconds; got ${value}`));
  };
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime()))
    issues.push(issue(['now'], 'must be a valid Date'));
  checkDate(input.lastPlannedAt, ['lastPlannedAt']);
  checkDate(input.lastRunAt, ['lastRunAt']);
  if (!Number.isInteger(input.failureStreak) || input.failureStreak < 0) {
    issues.push(issue(['failureStreak'], `must be a whole number of at least 0; got ${input.failureStreak}`));
  }
  if (!(Number.isFinite(input.tierMinIntervalMs) && input.tierMinIntervalMs >= 0)) {
    issues.push(
      issue(['tierMinIntervalMs'], `must be a number of milliseconds of at least 0; got ${input.tierMinIntervalMs}`),
    );
  }
  checkPositive(input.minIntervalMs, ['minIntervalMs']);
  checkPositive(input.maxIntervalMs, ['maxIntervalMs']);
  if (input.schedule.type === 'interval')
    checkPositive(input.schedule.intervalMs ?? Number.NaN, ['schedule', 'intervalMs']);
  const hints = input.hints ?? {};
  checkPositive(hints.aiInterval?.intervalMs, ['hints', 'aiInterval', 'intervalMs']);
  checkDate(hints.aiInterval?.expiresAt, ['hints', 'aiInterval', 'expiresAt']);
  checkDate(hints.aiOneShot?.runAt, ['hints', 'aiOneShot', 'runAt']);
  checkDate(hints.aiOneShot?.expiresAt, ['hints', 'aiOneShot', 'expiresAt']);
  checkPositive(hints.manual?.intervalMs, ['hints', 'manual', 'intervalMs']);
  checkDate(hints.manual?.runAt, ['hints', 'manual', 'runAt']);
  checkDate(hints.manual?.expiresAt, ['hints', 'manual', 'expiresAt']);
  checkDate(input.pause?.until, ['pause', 'until']);
  checkPositive(input.maxBackoffMs, ['maxBackoffMs']);
  checkDate(input.pendingRunAt, ['pendingRunAt']);
  checkDate(input.deferUntil?.at, ['deferUntil', 'at']);
  if (issues.length > 0) throw validationError(issues);
}
