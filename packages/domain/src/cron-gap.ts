import { Cron, CronPattern } from 'croner';
import { cronMatcherOptions, toSixFieldText } from './cron-expression';
import { type CompiledCron, cronInstantsAfter, previousWallMatch } from './cron-occurrences';
import { DAY_MS, SECOND_MS } from './duration';
import { transitionsBetween, wallClockMs, type ZoneTransition } from './time-zone';

/**
 * The smallest gap between two consecutive fire instants of a cron expression, so that plan
 * floors (a 60 s minimum) can be checked for cron as for intervals.
 *
 * Computed in two parts, both cheap even for `* * * * * *`:
 * 1. The wall-clock gap, analytically: times of day are the same on every matching day, so the
 *    gap is the smallest step between consecutive times of day, or across midnight from the last
 *    time of one matching day to the first time of the next (matching days are scanned up to
 *    ~9 years ahead, enough to see leap days).
 * 2. Daylight saving, which can shorten real gaps (a shifted 02:30 lands close to 03:00; a
 *    cadence crossing a 30-minute Lord Howe change loses 30 minutes): for every offset change in
 *    the year after `from`, the real instants around the change are enumerated.
 */
const DST_HORIZON_MS = 366 * DAY_MS;
const MATCHING_DAY_SCAN_LIMIT = 4_000;
const MATCHING_DAY_HORIZON_MS = 9 * 366 * DAY_MS;
const INSTANTS_PER_TRANSITION_LIMIT = 5_000;

export function cronMinimumGapMs(compiled: CompiledCron, fromMs: number): number {
  let minimumMs = wallClockMinimumGapMs(compiled, fromMs);
  if (minimumMs <= SECOND_MS) return minimumMs;
  for (const transition of transitionsBetween(compiled.zone, fromMs, fromMs + DST_HORIZON_MS)) {
    minimumMs = Math.min(minimumMs, minimumGapAroundTransition(compiled, transition));
  }
  return minimumMs;
}

function wallClockMinimumGapMs(compiled: CompiledCron, fromMs: number): number {
  const pattern = new CronPattern(toSixFieldText(compiled.expression.fields), undefined, { mode: '6-part' });
  const seconds = matchingValues(pattern.second);
  const minutes = matchingValues(pattern.minute);
  const hours = matchingValues(pattern.hour);
  const secondSpan = last(seconds) - first(seconds);
  const minuteSpan = (last(minutes) - first(minutes)) * 60 + secondSpan;
  const daySpan = (last(hours) - first(hours)) * 3600 + minuteSpan;
  // Consecutive times of day are neighbours within a minute, across neighbouring minutes of an
  // hour, or across neighbouring hours; pairs further apart are never closer than these.
  const withinDaySeconds = Math.min(
    smallestStep(seconds),
    smallestStep(minutes) * 60 - secondSpan,
    smallestStep(hours) * 3600 - minuteSpan,
  );
  const withinDayMs = withinDaySeconds * SECOND_MS;
  const daySpanMs = daySpan * SECOND_MS;
  if (withinDayMs <= SECOND_MS) return withinDayMs;
  // Crossing midnight can only beat the within-day gap if consecutive days can both match.
  if (DAY_MS - daySpanMs >= withinDayMs) return withinDayMs;
  return Math.min(withinDayMs, minimumMatchingDayStepMs(compiled, fromMs) - daySpanMs);
}

function matchingValues(flags: readonly number[]): number[] {
  const values: number[] = [];
  for (const [value, isMatching] of flags.entries()) if (isMatching) values.push(value);
  return values;
}

function first(values: readonly number[]): number {
  return values[0] ?? 0;
}

function last(values: readonly number[]): number {
  return values[values.length - 1] ?? 0;
}

function smallestStep(sortedValues: readonly number[]): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let index = 1; index < sortedValues.length; index += 1) {
    smallest = Math.min(smallest, (sortedValues[index] ?? 0) - (sortedValues[index - 1] ?? 0));
  }
  return smallest;
}

function minimumMatchingDayStepMs(compiled: CompiledCron, fromMs: number): number {
  const { dayOfMonth, month, dayOfWeek } = compiled.expression.fields;
  const dayMatcher = new Cron(
    `0 0 0 ${dayOfMonth} ${month} ${dayOfWeek}`,
    cronMatcherOptions({ dayOfMonth, dayOfWeek }),
  );
  const startWallMs = wallClockMs(compiled.zone, fromMs);
  let previousDayMs: number | null = null;
  let minimumMs = Number.POSITIVE_INFINITY;
  let cursor = dayMatcher.nextRun(new Date(startWallMs - DAY_MS));
  for (let scanned = 0; cursor !== null && scanned < MATCHING_DAY_SCAN_LIMIT; scanned += 1) {
    const dayMs = cursor.getTime();
    if (dayMs - startWallMs > MATCHING_DAY_HORIZON_MS) break;
    if (previousDayMs !== null) minimumMs = Math.min(minimumMs, dayMs - previousDayMs);
    if (minimumMs === DAY_MS) break;
    previousDayMs = dayMs;
    cursor = dayMatcher.nextRun(cursor);
  }
  return minimumMs;
}

/**
 * Only instants near an offset change can have a real gap different from their wall-clock gap:
 * the pair that straddles the change, and (for fixed-time expressions) instants shifted into
 * the stretch right after it. Enumerate from the last instant before the change to just past
 * the stretch it affects.
 */
function minimumGapAroundTransition(compiled: CompiledCron, transition: ZoneTransition): number {
  const { atMs, offsetBeforeMs, offsetAfterMs } = transition;
  const affectedUntilMs = atMs + Math.abs(offsetAfterMs - offsetBeforeMs);
  const previousWallMs = previousWallMatch(compiled, atMs + offsetBeforeMs);
  const startMs = previousWallMs === null ? atMs - 1 : previousWallMs - offsetBeforeMs - 1;
  let minimumMs = Number.POSITIVE_INFINITY;
  let previousMs: number | null = null;
  let counted = 0;
  for (const instantMs of cronInstantsAfter(compiled, startMs)) {
    if (previousMs !== null) minimumMs = Math.min(minimumMs, instantMs - previousMs);
    previousMs = instantMs;
    counted += 1;
    const isPastChange = instantMs >= atMs && (!compiled.expression.isFixedTime || instantMs >= affectedUntilMs);
    if (isPastChange || counted >= INSTANTS_PER_TRANSITION_LIMIT) break;
  }
  return minimumMs;
}
