import { formatDuration } from './duration';
import { issue, type ValidationIssue, validationError } from './errors';
import { backoffIntervalMs, backoffJitterMs } from './failure-backoff';
import { describePausedBy, isPauseActive, type Pause } from './pause';
import { type CronSchedule, describeSchedule, nextGridSlotAfterMs, nextOccurrences, type Schedule } from './schedule';
import { formatLocalTime } from './time-zone';

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
 *    baselines back off after failures: interval × 2^min(streak, 5), ±10% deterministic jitter.
 * 3. One-shots compete with the cadence: a fresh manual `runAt`, or a fresh AI one-shot when no
 *    manual override is fresh. The earliest wins; a one-shot in the past fires now.
 * 4. Clamps, last, so nothing can escape them: the floor max(endpoint min, plan min) measured
 *    from the last run, then the endpoint maximum gap (the floor wins if they conflict).
 *
 * Missed slots (the planned time passed while a worker was down or a run overran) follow the
 * catch-up policy: `skip` plans the next future slot, `once` runs once now for all of them and
 * then returns to the grid.
 */
export type CatchUpPolicy = 'skip' | 'once';

export type PlanOrigin = 'baseline-cron' | 'baseline-interval' | 'ai-interval' | 'ai-oneshot' | 'manual';
export type PlanSource = PlanOrigin | 'clamped-min' | 'clamped-max' | 'paused' | 'backoff';
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
  /** IANA zone for times in the explanation; UTC (and a "UTC" suffix) when absent. */
  timezoneForDisplay?: string;
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
}

interface PlanningContext {
  input: PlanInput;
  nowMs: number;
  catchUp: CatchUpPolicy;
  /** False when resuming from a pause: slots missed while paused were skipped on purpose. */
  reportsMissedSlots: boolean;
  zone: string;
  zoneSuffix: string;
}

interface FreshHints {
  manual: ManualOverride | null;
  aiInterval: AiIntervalHint | null;
  aiOneShot: AiOneShotHint | null;
}

export function planNextRun(input: PlanInput): RunPlan {
  assertValidPlanInput(input);
  const nowMs = input.now.getTime();
  const zone = input.timezoneForDisplay ?? 'UTC';
  const context: PlanningContext = {
    input,
    nowMs,
    catchUp: input.catchUp,
    reportsMissedSlots: true,
    zone,
    zoneSuffix: input.timezoneForDisplay === undefined ? ' UTC' : '',
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
  const fresh = freshHints(context.input, context.nowMs);
  const cadence = planCadence(context, fresh);
  const oneShot = earliestOneShot(context, fresh);
  let chosen = cadence;
  if (oneShot !== null && oneShot.runAtMs <= cadence.runAtMs) {
    // A one-shot does not take a grid slot, unless it coincides with one.
    const gridAnchorMs =
      oneShot.runAtMs === cadence.runAtMs
        ? cadence.anchorMs
        : (context.input.lastPlannedAt?.getTime() ?? context.nowMs);
    chosen = { ...oneShot, anchorMs: gridAnchorMs };
  }
  const clamped = applyClamps(context, chosen, cadence.origin);
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

function freshHints(input: PlanInput, nowMs: number): FreshHints {
  const hints = input.hints ?? {};
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

function planCadence(context: PlanningContext, fresh: FreshHints): Candidate {
  const { input } = context;
  const manualIntervalMs = fresh.manual?.intervalMs ?? null;
  if (fresh.manual !== null && manualIntervalMs !== null) {
    const label = withReason(`manual override${until(context, fresh.manual.expiresAt)}`, fresh.manual.reason);
    return planIntervalCadence(
      context,
      manualIntervalMs,
      'manual',
      `every ${formatDuration(manualIntervalMs)} (${label})`,
    );
  }
  if (fresh.aiInterval !== null) {
    const label = withReason(`AI hint${until(context, fresh.aiInterval.expiresAt)}`, fresh.aiInterval.reason);
    return planIntervalCadence(
      context,
      fresh.aiInterval.intervalMs,
      'ai-interval',
      `every ${formatDuration(fresh.aiInterval.intervalMs)} (${label})`,
    );
  }
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
  const backedOffMs = backoffIntervalMs(intervalMs, input.failureStreak);
  const failures = input.failureStreak === 1 ? '1 failure' : `${input.failureStreak} consecutive failures`;
  const description = `every ${formatDuration(intervalMs)} (baseline) backed off to ${formatDuration(backedOffMs)} after ${failures}`;
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
  // Slots before now were missed; the first slot at or after now is due.
  const dueSlotMs = nextGridSlotAfterMs(anchorMs, intervalMs, nowMs - 1);
  const missedCount = Math.round((dueSlotMs - anchorMs) / intervalMs) - 1;
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

/** Counting missed cron slots stops here; after a long outage "more than 100" says enough. */
const MISSED_CRON_SLOTS_COUNT_LIMIT = 100;

function planCronCadence(context: PlanningContext, schedule: CronSchedule): Candidate {
  const { nowMs } = context;
  const description = `${describeSchedule(schedule)} (baseline)`;
  const base = { origin: 'baseline-cron', source: 'baseline-cron', isCronSlot: true } as const;
  const dueMs = firstCronSlotAtOrAfter(schedule, nowMs) ?? nowMs;
  const lastPlannedAt = context.input.lastPlannedAt;
  const firstAfterLastMs =
    lastPlannedAt === null ? null : firstCronSlotAtOrAfter(schedule, lastPlannedAt.getTime() + 1);
  if (lastPlannedAt === null || firstAfterLastMs === null || firstAfterLastMs >= nowMs) {
    return { ...base, runAtMs: dueMs, anchorMs: dueMs, description };
  }
  // Behind schedule: count what was missed (bounded), only now that it is known to be non-zero.
  const missed = nextOccurrences(schedule, { from: lastPlannedAt, count: MISSED_CRON_SLOTS_COUNT_LIMIT + 1 }).filter(
    (slot) => slot.getTime() < nowMs,
  );
  const missedCount = missed.length > MISSED_CRON_SLOTS_COUNT_LIMIT ? Number.POSITIVE_INFINITY : missed.length;
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
  return nextOccurrences(schedule, { from: new Date(instantMs - 1), count: 1 })[0]?.getTime() ?? null;
}

function missedNote(context: PlanningContext, missedCount: number, policy: CatchUpPolicy): string {
  if (!context.reportsMissedSlots) return '';
  const runs = !Number.isFinite(missedCount)
    ? `more than ${MISSED_CRON_SLOTS_COUNT_LIMIT} missed runs`
    : `${missedCount} missed run${missedCount === 1 ? '' : 's'}`;
  return policy === 'once' ? `, running once now to catch up on ${runs}` : `, skipping ${runs}`;
}

function earliestOneShot(context: PlanningContext, fresh: FreshHints): Candidate | null {
  const candidates: Candidate[] = [];
  const manualRunAt = fresh.manual?.runAt ?? null;
  if (fresh.manual !== null && manualRunAt !== null) {
    const label = withReason(`manual override${until(context, fresh.manual.expiresAt)}`, fresh.manual.reason);
    candidates.push(oneShotCandidate(context, manualRunAt, 'manual', label));
  }
  if (fresh.aiOneShot !== null) {
    const label = withReason(`AI hint${until(context, fresh.aiOneShot.expiresAt)}`, fresh.aiOneShot.reason);
    candidates.push(oneShotCandidate(context, fresh.aiOneShot.runAt, 'ai-oneshot', label));
  }
  return candidates.reduce<Candidate | null>(
    (earliest, candidate) => (earliest === null || candidate.runAtMs < earliest.runAtMs ? candidate : earliest),
    null,
  );
}

function oneShotCandidate(
  context: PlanningContext,
  runAt: Date,
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
  };
}

function applyClamps(context: PlanningContext, candidate: Candidate, cadenceOrigin: PlanOrigin): Candidate {
  const { input, nowMs } = context;
  const endpointMinMs = input.minIntervalMs ?? 0;
  const floorMs = Math.max(endpointMinMs, input.tierMinIntervalMs);
  const lastRunMs = latestMs(input.lastRunAt, input.lastPlannedAt);
  let clamped = candidate;
  const earliestMs = lastRunMs === null ? nowMs : Math.max(nowMs, lastRunMs + floorMs);
  if (lastRunMs !== null && candidate.runAtMs < earliestMs) {
    // A cron cadence moves to its next own slot, so it keeps firing at times the user wrote.
    const cronSlotMs = candidate.isCronSlot ? firstCronSlotAtOrAfter(input.schedule, earliestMs) : null;
    const runAtMs = cronSlotMs ?? earliestMs;
    const owner = input.tierMinIntervalMs >= endpointMinMs ? "your plan's" : "this endpoint's";
    clamped = {
      ...candidate,
      runAtMs,
      anchorMs: runAtMs,
      source: 'clamped-min',
      description: `${candidate.description}, clamped to ${owner} ${formatDuration(floorMs)} minimum`,
    };
  }
  if (input.maxIntervalMs != null) {
    const ceilingMs = Math.max((lastRunMs ?? nowMs) + input.maxIntervalMs, earliestMs);
    if (clamped.runAtMs > ceilingMs) {
      clamped = {
        ...clamped,
        runAtMs: ceilingMs,
        anchorMs: ceilingMs,
        source: 'clamped-max',
        // A capped run happens before any one-shot's time, so it belongs to the cadence.
        origin: cadenceOrigin,
        description: `${clamped.description}, capped at this endpoint's ${formatDuration(input.maxIntervalMs)} maximum gap`,
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
  return `${formatLocalTime(instantMs, context.zone, context.nowMs)}${context.zoneSuffix}`;
}

function until(context: PlanningContext, expiresAt: Date | null): string {
  return expiresAt === null ? '' : ` until ${clock(context, expiresAt.getTime())}`;
}

function withReason(label: string, reason: string, separator = ': '): string {
  const trimmed = reason.trim().replace(/[.\s]+$/, '');
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
  if (issues.length > 0) throw validationError(issues);
}
