import { Cron, CronPattern } from 'croner';
import { type CronExpression, cronMatcherOptions, toSixFieldText } from './cron-expression';
import { DAY_MS, SECOND_MS } from './duration';
import { findNextTransition, type ZoneTransition, zoneOffsetMs } from './time-zone';

/**
 * Fire instants of a cron expression in a time zone, with Cronwise's daylight-saving rules.
 *
 * Croner is used only as a wall-clock matcher (evaluated at UTC offset 0, where no time is ever
 * skipped or repeated); this module maps wall-clock matches to real instants span by span, a
 * span being a stretch of time with one UTC offset. At an offset change:
 *
 * - Spring forward (wall times in the gap do not exist):
 *   - fixed-time expressions (`30 2 * * *`) fire each missing time once, shifted forward by the
 *     length of the gap: 02:30 Europe/Berlin on 2026-03-29 fires at 03:30 CEST = 01:30Z.
 *     Croner would fire at 03:00 (the first valid time), so the shift is done here;
 *   - cadence expressions (`*\/15 * * * *`, `0 * * * *`) skip the missing times: their cadence
 *     continues in elapsed time.
 * - Fall back (wall times in the overlap occur twice):
 *   - fixed-time expressions fire once, at the first occurrence;
 *   - cadence expressions fire at both occurrences, so `* * * * *` does not fall silent for an
 *     hour and `0 * * * *` still runs every elapsed hour.
 * An instant reached both by a shift and by a regular match fires once.
 */
export interface CompiledCron {
  expression: CronExpression;
  zone: string;
  wallMatcher: Cron;
  /** Day-of-month × month patterns only: finds matching days without croner (see nextWallMatch). */
  dayIndex: DayIndex | null;
}

interface DayIndex {
  /** 1 where the day of month (index 0 = the 1st) matches. */
  days: readonly number[];
  /** 1 where the month (index 0 = January) matches. */
  months: readonly number[];
  /** The last matching time of day, in seconds after midnight. */
  lastTimeOfDaySeconds: number;
}

/** How far back an offset change can still affect instants after `from` (gap/overlap length). */
const TRANSITION_LOOKBACK_MS = DAY_MS + SECOND_MS;

/**
 * Sparse expressions (`0 0 29 2 *`) jump instead of scanning every day to their next match:
 * when the next match is more than JUMP_MIN_DISTANCE_MS away and no offset change lies within
 * JUMP_CLEARANCE_MS of the cursor, the enumeration resumes JUMP_LANDING_MS before the match
 * with the offset in force there. Offset changes in between are at least 2 days from both ends,
 * and offsets differ by at most 26 h, so their gaps and overlaps cover wall times with no match:
 * they cannot shift, suppress or repeat a run, and skipping them changes nothing.
 */
const JUMP_MIN_DISTANCE_MS = 7 * DAY_MS;
const JUMP_CLEARANCE_MS = 2 * DAY_MS;
const JUMP_LANDING_MS = 3 * DAY_MS;

export function compileCron(expression: CronExpression, zone: string): CompiledCron {
  // Croner mutates the options object it receives, so each instance gets a fresh literal.
  const wallMatcher = new Cron(toSixFieldText(expression.fields), cronMatcherOptions(expression.fields));
  return { expression, zone, wallMatcher, dayIndex: dayIndexFor(expression) };
}

/**
 * Croner searches day by day, and some sparse patterns cost it milliseconds per call (2 ms for
 * `0 0 29 2 *`, 1 ms for `0 0 31 * *`). When the days are a plain day-of-month × month pattern
 * (every weekday, no L, W or #), matching days are found here month by month, and croner is
 * asked only within a day that has a match left.
 */
function dayIndexFor(expression: CronExpression): DayIndex | null {
  const { fields } = expression;
  if (!['*', '?'].includes(fields.dayOfWeek) || /[LW#]/i.test(fields.dayOfMonth)) return null;
  const pattern = new CronPattern(toSixFieldText(fields), undefined, { mode: '6-part' });
  const lastIndex = (flags: readonly number[]) => flags.findLastIndex((flag) => flag !== 0);
  return {
    days: pattern.day,
    months: pattern.month,
    lastTimeOfDaySeconds: lastIndex(pattern.hour) * 3600 + lastIndex(pattern.minute) * 60 + lastIndex(pattern.second),
  };
}

/** Months searched for a matching day before handing over to croner (leap days recur within 8 years). */
const DAY_INDEX_MONTH_LIMIT = 12 * 30;

/** The start (wall clock) of the first matching day on or after the day of `wallMs`, or null. */
function nextMatchingDayStart(index: DayIndex, wallMs: number): number | null {
  const date = new Date(wallMs);
  let year = date.getUTCFullYear();
  let month = date.getUTCMonth();
  let day = date.getUTCDate();
  for (let searched = 0; searched < DAY_INDEX_MONTH_LIMIT; searched += 1) {
    if (index.months[month]) {
      const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      for (; day <= daysInMonth; day += 1) if (index.days[day - 1]) return Date.UTC(year, month, day);
    }
    day = 1;
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return null;
}

/** The first wall-clock match strictly after `wallMs`, or null when there is none. */
export function nextWallMatch(compiled: CompiledCron, wallMs: number): number | null {
  const index = compiled.dayIndex;
  let cursorMs = wallMs;
  for (let searched = 0; index !== null && searched < DAY_INDEX_MONTH_LIMIT; searched += 1) {
    const dayStartMs = nextMatchingDayStart(index, cursorMs);
    if (dayStartMs === null) break;
    const fromMs = Math.max(cursorMs, dayStartMs - 1);
    // No match left on that day after `fromMs`: look at the next matching day instead.
    if (fromMs - dayStartMs >= index.lastTimeOfDaySeconds * SECOND_MS) {
      cursorMs = dayStartMs + DAY_MS - 1;
      continue;
    }
    return compiled.wallMatcher.nextRun(new Date(fromMs))?.getTime() ?? null;
  }
  return compiled.wallMatcher.nextRun(new Date(cursorMs))?.getTime() ?? null;
}

/** The last wall-clock match strictly before `wallMs`, or null when there is none. */
export function previousWallMatch(compiled: CompiledCron, wallMs: number): number | null {
  return compiled.wallMatcher.previousRuns(1, new Date(wallMs))[0]?.getTime() ?? null;
}

/** Fire instants (epoch ms) strictly after `fromMs`, in increasing order, without end. */
export function* cronInstantsAfter(compiled: CompiledCron, fromMs: number): Generator<number, void, undefined> {
  const { zone, expression } = compiled;
  // An offset change shortly before `from` may still shift or suppress instants after it.
  const recent = findNextTransition(zone, fromMs - TRANSITION_LOOKBACK_MS, fromMs);
  const isInsideRecentEffect =
    recent !== null && fromMs < recent.atMs + Math.abs(recent.offsetAfterMs - recent.offsetBeforeMs);
  let cursorMs = isInsideRecentEffect ? recent.atMs - SECOND_MS : fromMs;
  let offsetMs = zoneOffsetMs(zone, cursorMs);
  const scanner = new TransitionScanner(zone, cursorMs);
  let shifted: number[] = [];
  let skipWallBeforeMs = Number.NEGATIVE_INFINITY;

  for (;;) {
    const wallMs = nextWallMatch(compiled, Math.max(cursorMs + offsetMs, skipWallBeforeMs - 1));
    if (wallMs === null) {
      for (const instantMs of shifted) if (instantMs > fromMs) yield instantMs;
      return;
    }
    const candidateMs = wallMs - offsetMs;
    if (candidateMs - cursorMs > JUMP_MIN_DISTANCE_MS && scanner.nextUpTo(cursorMs + JUMP_CLEARANCE_MS) === null) {
      for (const instantMs of shifted) if (instantMs > fromMs) yield instantMs;
      shifted = [];
      skipWallBeforeMs = Number.NEGATIVE_INFINITY;
      cursorMs = candidateMs - JUMP_LANDING_MS;
      offsetMs = zoneOffsetMs(zone, cursorMs);
      scanner.restartAt(cursorMs);
      continue;
    }
    const transition = scanner.nextUpTo(candidateMs);
    if (transition === null) {
      while (shifted.length > 0 && (shifted[0] ?? 0) <= candidateMs) {
        const instantMs = shifted.shift() ?? 0;
        if (instantMs !== candidateMs && instantMs > fromMs) yield instantMs;
      }
      if (candidateMs > fromMs) yield candidateMs;
      cursorMs = candidateMs;
      continue;
    }
    // The candidate lies past an offset change, so it was mapped with a stale offset: settle
    // the change, then search again from the change with the new offset.
    for (const instantMs of shifted) if (instantMs > fromMs) yield instantMs;
    shifted = [];
    skipWallBeforeMs = Number.NEGATIVE_INFINITY;
    const { atMs, offsetBeforeMs, offsetAfterMs } = transition;
    if (expression.isFixedTime && offsetAfterMs > offsetBeforeMs) {
      shifted = wallMatchesBetween(compiled, atMs + offsetBeforeMs, atMs + offsetAfterMs).map(
        (missingWallMs) => missingWallMs - offsetBeforeMs,
      );
    } else if (expression.isFixedTime && offsetAfterMs < offsetBeforeMs) {
      skipWallBeforeMs = atMs + offsetBeforeMs;
    }
    cursorMs = atMs - 1;
    offsetMs = offsetAfterMs;
    scanner.pass(transition);
  }
}

/** Wall-clock matches in [startWallMs, endWallMs). */
function wallMatchesBetween(compiled: CompiledCron, startWallMs: number, endWallMs: number): number[] {
  const matches: number[] = [];
  let wallMs = nextWallMatch(compiled, startWallMs - 1);
  while (wallMs !== null && wallMs < endWallMs) {
    matches.push(wallMs);
    wallMs = nextWallMatch(compiled, wallMs);
  }
  return matches;
}

/**
 * Finds offset changes ahead of the enumeration. It scans at least a day at a time, so a dense
 * schedule (every second) asks Intl about the zone once per simulated day, not once per run.
 */
class TransitionScanner {
  private scannedUntilMs: number;
  private upcoming: ZoneTransition | null = null;

  constructor(
    private readonly zone: string,
    startMs: number,
  ) {
    this.scannedUntilMs = startMs;
  }

  /** The next offset change not yet passed, if it happens at or before `limitMs`. */
  nextUpTo(limitMs: number): ZoneTransition | null {
    if (this.upcoming === null && this.scannedUntilMs < limitMs) {
      const untilMs = Math.max(limitMs, this.scannedUntilMs + DAY_MS);
      this.upcoming = findNextTransition(this.zone, this.scannedUntilMs, untilMs);
      if (this.upcoming === null) this.scannedUntilMs = untilMs;
    }
    return this.upcoming !== null && this.upcoming.atMs <= limitMs ? this.upcoming : null;
  }

  pass(transition: ZoneTransition): void {
    this.scannedUntilMs = transition.atMs;
    this.upcoming = null;
  }

  /** Forgets what lies ahead and scans again from `instantMs` (after a jump). */
  restartAt(instantMs: number): void {
    this.scannedUntilMs = instantMs;
    this.upcoming = null;
  }
}
