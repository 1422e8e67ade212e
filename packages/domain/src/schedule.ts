import { parseCronExpression } from './cron-expression';
import { cronMinimumGapMs } from './cron-gap';
import { type CompiledCron, compileCron, cronInstantsAfter } from './cron-occurrences';
import { DAY_MS, formatDuration } from './duration';
import { AppError, ErrorCode, issue, type ValidationIssue, validationError } from './errors';
import { canonicalTimeZone, deprecatedZoneAlias, suggestTimeZone } from './time-zone';

/**
 * An endpoint's baseline schedule: a cron expression evaluated in an IANA time zone, or a fixed
 * interval. See `cron-occurrences.ts` for the daylight-saving rules.
 */
export type Schedule = IntervalSchedule | CronSchedule;
export interface IntervalSchedule {
  type: 'interval';
  intervalMs: number;
}
export interface CronSchedule {
  type: 'cron';
  cron: string;
  timezone: string;
}

/** Longer cadences belong in cron ("0 0 1 1 *"), which says which day they fall on. */
export const MAX_INTERVAL_MS = 366 * DAY_MS;
/** Bounds one enumeration so a caller cannot ask for millions of instants by mistake. */
export const MAX_OCCURRENCES_PER_CALL = 10_000;

export type ScheduleParseResult = { ok: true; schedule: Schedule } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates raw input (API body, database row) into a normalised Schedule: the cron text with
 * whitespace collapsed, the time zone in its canonical spelling. Issue paths are relative to
 * the schedule object (`['cron']`, `['timezone']`, `['intervalMs']`).
 */
export function safeParseSchedule(input: unknown): ScheduleParseResult {
  if (typeof input !== 'object' || input === null) {
    return { ok: false, issues: [issue([], 'schedule must be an object with type "cron" or "interval"')] };
  }
  const record = input as Record<string, unknown>;
  if (record.type === 'interval') return parseIntervalSchedule(record.intervalMs);
  if (record.type === 'cron') return parseCronSchedule(record.cron, record.timezone);
  return {
    ok: false,
    issues: [
      issue(['type'], `schedule type ${JSON.stringify(record.type)} is not supported; use "cron" or "interval"`),
    ],
  };
}

/** Like `safeParseSchedule`, but throws AppError VALIDATION_FAILED with every issue. */
export function parseSchedule(input: unknown): Schedule {
  const result = safeParseSchedule(input);
  if (!result.ok) throw validationError(result.issues);
  return result.schedule;
}

function parseIntervalSchedule(intervalMs: unknown): ScheduleParseResult {
  if (typeof intervalMs !== 'number' || !Number.isInteger(intervalMs) || intervalMs <= 0) {
    return {
      ok: false,
      issues: [
        issue(
          ['intervalMs'],
          `interval ${JSON.stringify(intervalMs)} is not a positive whole number of milliseconds; e.g. 60000 for every minute`,
        ),
      ],
    };
  }
  if (intervalMs > MAX_INTERVAL_MS) {
    return {
      ok: false,
      issues: [
        issue(
          ['intervalMs'],
          `interval ${formatDuration(intervalMs)} is longer than the maximum of ${formatDuration(MAX_INTERVAL_MS)}; use a cron expression for yearly jobs`,
        ),
      ],
    };
  }
  return { ok: true, schedule: { type: 'interval', intervalMs } };
}

function parseCronSchedule(cron: unknown, timezone: unknown): ScheduleParseResult {
  // Refused on input only: a schedule stored before this rule still runs.
  const aliasOf = typeof timezone === 'string' ? deprecatedZoneAlias(timezone) : null;
  if (aliasOf !== null) {
    return {
      ok: false,
      issues: [
        issue(
          ['timezone'],
          `time zone '${timezone}' is a deprecated alias that today means ${aliasOf}, which may not follow the daylight-saving rules you expect; use the IANA name of a place, such as ${placesFor(String(timezone), aliasOf)}`,
        ),
      ],
    };
  }
  const result = compileCronSchedule(cron, timezone);
  if (!result.ok) return result;
  const { expression, zone } = result.compiled;
  return { ok: true, schedule: { type: 'cron', cron: expression.source, timezone: zone } };
}

function compileCronSchedule(
  cron: unknown,
  timezone: unknown,
): { ok: true; compiled: CompiledCron } | { ok: false; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const expression = typeof cron === 'string' ? parseCronExpression(cron) : null;
  if (expression === null) issues.push(issue(['cron'], 'cron expression must be a string such as "*/5 * * * *"'));
  else if (!expression.ok) issues.push(issue(['cron'], expression.message));

  const zone = typeof timezone === 'string' ? canonicalTimeZone(timezone) : null;
  if (typeof timezone !== 'string' || timezone === '') {
    issues.push(issue(['timezone'], 'time zone is required; use an IANA name such as Europe/Berlin or UTC'));
  } else if (zone === null) {
    issues.push(
      issue(['timezone'], `unknown time zone '${timezone}'; use an IANA name such as ${suggestTimeZone(timezone)}`),
    );
  }
  if (expression === null || !expression.ok || zone === null) return { ok: false, issues };

  const compiled = compileCron(expression.value, zone);
  // A fixed reference keeps parsing pure; any real date repeats within the 28 years after it.
  if (compiled.wallMatcher.nextRun(new Date(Date.UTC(2000, 0, 1))) === null) {
    const message = `cron expression '${expression.value.source}' never matches a real date (e.g. February 30); check day of month and month`;
    return { ok: false, issues: [issue(['cron'], message)] };
  }
  return { ok: true, compiled };
}

/** What people usually mean by the common abbreviations, for the deprecated-alias message. */
const PLACE_FOR_ABBREVIATION: Readonly<Record<string, string>> = {
  EST: 'America/New_York',
  EST5EDT: 'America/New_York',
  CST6CDT: 'America/Chicago',
  MST: 'America/Denver',
  MST7MDT: 'America/Denver',
  PST8PDT: 'America/Los_Angeles',
  HST: 'Pacific/Honolulu',
  CET: 'Europe/Berlin',
  MET: 'Europe/Berlin',
  EET: 'Europe/Helsinki',
  WET: 'Europe/Lisbon',
};

function placesFor(alias: string, canonical: string): string {
  const usual = PLACE_FOR_ABBREVIATION[alias.toUpperCase()];
  return usual === undefined || usual === canonical ? canonical : `${usual} or ${canonical}`;
}

export interface NextOccurrencesOptions {
  /** Occurrences are strictly after this instant. */
  from: Date;
  count: number;
  /** Interval schedules only: the grid is anchor + k × interval. Defaults to `from`. */
  anchor?: Date;
}

/**
 * The next `count` fire times strictly after `from`, in increasing order. Interval schedules
 * stay on the grid anchored at `anchor`, so execution delays never accumulate into drift.
 */
export function nextOccurrences(schedule: Schedule, options: NextOccurrencesOptions): Date[] {
  const { from, count } = options;
  if (!Number.isInteger(count) || count < 0 || count > MAX_OCCURRENCES_PER_CALL) {
    throw validationError([
      issue(['count'], `count must be a whole number from 0 to ${MAX_OCCURRENCES_PER_CALL}; got ${count}`),
    ]);
  }
  const fromMs = requireValidDate(from, 'from');
  if (schedule.type === 'interval') {
    const anchorMs = options.anchor === undefined ? fromMs : requireValidDate(options.anchor, 'anchor');
    const firstMs = nextGridSlotAfterMs(anchorMs, schedule.intervalMs, fromMs);
    return Array.from({ length: count }, (_, index) => new Date(firstMs + index * schedule.intervalMs));
  }
  const occurrences: Date[] = [];
  if (count === 0) return occurrences;
  for (const instantMs of cronInstantsAfter(compiledFor(schedule), fromMs)) {
    occurrences.push(new Date(instantMs));
    if (occurrences.length === count) break;
  }
  return occurrences;
}

/**
 * Fire times strictly after `from`, in increasing order, without end (cron schedules only):
 * for walks that stop on a condition rather than a count.
 */
export function* cronOccurrencesAfter(schedule: CronSchedule, from: Date): Generator<number, void, undefined> {
  yield* cronInstantsAfter(compiledFor(schedule), requireValidDate(from, 'from'));
}

/** The first fire time at or after `instant`, or null if there is none. */
export function firstOccurrenceAtOrAfter(schedule: Schedule, instant: Date, anchor?: Date): Date | null {
  const fromMs = requireValidDate(instant, 'instant') - 1;
  return nextOccurrences(schedule, { from: new Date(fromMs), count: 1, ...(anchor ? { anchor } : {}) })[0] ?? null;
}

/** The first grid slot (anchor + k × interval, k any integer) strictly after `afterMs`. */
export function nextGridSlotAfterMs(anchorMs: number, intervalMs: number, afterMs: number): number {
  return anchorMs + (Math.floor((afterMs - anchorMs) / intervalMs) + 1) * intervalMs;
}

/**
 * The smallest gap between consecutive fire times the schedule can produce, daylight-saving
 * changes in the year after `from` included; `Infinity` if it fires at most once.
 * Use it to hold cron schedules to the same plan floors as intervals.
 */
export function minimumGapMs(schedule: Schedule, options: { from: Date }): number {
  if (schedule.type === 'interval') return schedule.intervalMs;
  return cronMinimumGapMs(compiledFor(schedule), requireValidDate(options.from, 'from'));
}

/** "every 5 min", "cron '0 9 * * 1-5' in Europe/Berlin": for explanations and messages. */
export function describeSchedule(schedule: Schedule): string {
  if (schedule.type === 'interval') return `every ${formatDuration(schedule.intervalMs)}`;
  return `cron '${schedule.cron}' in ${schedule.timezone}`;
}

/**
 * Throws PLAN_LIMIT_EXCEEDED when the schedule can fire more often than `floorMs` allows, in
 * words that say how to fix it. The governor clamps at run time anyway; this gives the person
 * editing the endpoint an immediate, clear answer.
 */
export function assertScheduleRespectsFloor(
  schedule: Schedule,
  options: { from: Date; floorMs: number; floorName?: string },
): void {
  const gapMs = minimumGapMs(schedule, options);
  if (gapMs >= options.floorMs) return;
  const floorName = options.floorName ?? "your plan's minimum";
  const subject =
    schedule.type === 'interval'
      ? `interval ${formatDuration(gapMs)}`
      : `cron '${schedule.cron}' fires as often as every ${formatDuration(gapMs)}, which`;
  throw new AppError(
    ErrorCode.PLAN_LIMIT_EXCEEDED,
    `${subject} is below ${floorName} of ${formatDuration(options.floorMs)}; choose a schedule at least ${formatDuration(options.floorMs)} apart`,
    {
      limit: 'minIntervalMs',
      issues: [
        issue(
          [schedule.type === 'interval' ? 'intervalMs' : 'cron'],
          `must be at least ${formatDuration(options.floorMs)} apart`,
        ),
      ],
    },
  );
}

function requireValidDate(value: Date, name: string): number {
  const valueMs = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(valueMs)) throw validationError([issue([name], `${name} must be a valid Date`)]);
  return valueMs;
}

// Compiling is pure, so a small memo is safe; the bound keeps memory flat in long-lived workers.
const COMPILED_CACHE_LIMIT = 1_000;
const compiledCache = new Map<string, CompiledCron>();

function compiledFor(schedule: CronSchedule): CompiledCron {
  const key = `${schedule.timezone} ${schedule.cron}`;
  const cached = compiledCache.get(key);
  if (cached !== undefined) return cached;
  const result = compileCronSchedule(schedule.cron, schedule.timezone);
  if (!result.ok) throw validationError(result.issues);
  if (compiledCache.size >= COMPILED_CACHE_LIMIT) compiledCache.clear();
  compiledCache.set(key, result.compiled);
  return result.compiled;
}
