import { DAY_MS, SECOND_MS } from './duration';

/**
 * Time-zone arithmetic on top of Intl (the runtime's IANA database). "Wall clock" values are the
 * local date and time fields of a zone encoded as if they were UTC (`Date.UTC(y, m, d, h, min,
 * s)`), which lets cron matching run in a zone-free space while this module maps between wall
 * clock and real instants.
 */

export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
}

/** An offset change: from `atMs` on, local time = UTC + `offsetAfterMs`. */
export interface ZoneTransition {
  atMs: number;
  offsetBeforeMs: number;
  offsetAfterMs: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// One formatter per zone: constructing Intl.DateTimeFormat costs far more than formatting.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function localDateTime(zone: string, instantMs: number): LocalDateTime {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(instantMs)) fields[part.type] = part.value;
  return {
    year: Number(fields.year),
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    weekday: WEEKDAYS.indexOf(fields.weekday ?? ''),
  };
}

/** Local time minus UTC at an instant, in milliseconds (+3_600_000 for CET). */
export function zoneOffsetMs(zone: string, instantMs: number): number {
  const wholeSecondMs = Math.floor(instantMs / SECOND_MS) * SECOND_MS;
  const local = localDateTime(zone, wholeSecondMs);
  const wallMs = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return wallMs - wholeSecondMs;
}

/** The wall-clock value (see module comment) of an instant in a zone. */
export function wallClockMs(zone: string, instantMs: number): number {
  return instantMs + zoneOffsetMs(zone, instantMs);
}

/**
 * The zone's canonical name if the runtime knows it, else null. Only names are accepted, not
 * UTC offsets such as "+02:00": an offset cannot follow a place's daylight-saving rules.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Zone names without a place that remain clear and current. */
const PLACELESS_ZONES_IN_USE = new Set(['UTC', 'GMT']);

/**
 * For a deprecated alias of the IANA backward file written without a place (`EST`, `CET`,
 * `EST5EDT`, `Japan`), the zone it stands for today; null for any other name. Such aliases
 * mislead: `EST` is America/Panama (no daylight saving, unlike New York) and `CET` is
 * Europe/Brussels, so a schedule saved with them would not follow the rules the person meant.
 */
export function deprecatedZoneAlias(name: string): string | null {
  if (name.includes('/') || PLACELESS_ZONES_IN_USE.has(name.toUpperCase())) return null;
  return canonicalTimeZone(name);
}

const FALLBACK_ZONE_EXAMPLE = 'Europe/Berlin';

/** The known zone name closest to a mistyped one, for "use an IANA name such as ..." hints. */
export function suggestTimeZone(name: string): string {
  const wanted = name.toLowerCase();
  const candidates = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  const cityMatch = candidates.find((zone) => zone.toLowerCase().split('/').pop() === wanted);
  if (cityMatch !== undefined) return cityMatch;
  let best = FALLBACK_ZONE_EXAMPLE;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const zone of candidates) {
    const distance = editDistance(wanted, zone.toLowerCase());
    if (distance < bestDistance) {
      best = zone;
      bestDistance = distance;
    }
  }
  // A far-fetched "closest" name would confuse more than a well-known example.
  return bestDistance <= Math.max(2, Math.floor(wanted.length / 4)) ? best : FALLBACK_ZONE_EXAMPLE;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * The first offset change in (afterMs, untilMs]. Offsets are sampled once a day and the change
 * is then located to the second by bisection, which assumes a zone never changes its offset
 * twice within one day (true of every rule in the IANA database for modern dates).
 */
export function findNextTransition(zone: string, afterMs: number, untilMs: number): ZoneTransition | null {
  let lowMs = afterMs;
  const offsetBeforeMs = zoneOffsetMs(zone, lowMs);
  while (lowMs < untilMs) {
    const probeMs = Math.min(lowMs + DAY_MS, untilMs);
    if (zoneOffsetMs(zone, probeMs) !== offsetBeforeMs) {
      const atMs = bisectTransition(zone, lowMs, probeMs, offsetBeforeMs);
      return { atMs, offsetBeforeMs, offsetAfterMs: zoneOffsetMs(zone, atMs) };
    }
    lowMs = probeMs;
  }
  return null;
}

/** All offset changes in (fromMs, untilMs], in order. */
export function transitionsBetween(zone: string, fromMs: number, untilMs: number): ZoneTransition[] {
  const transitions: ZoneTransition[] = [];
  let cursorMs = fromMs;
  for (;;) {
    const transition = findNextTransition(zone, cursorMs, untilMs);
    if (transition === null) return transitions;
    transitions.push(transition);
    cursorMs = transition.atMs;
  }
}

function bisectTransition(zone: string, lowMs: number, highMs: number, offsetBeforeMs: number): number {
  // Work in whole seconds: offsets change on second boundaries and Intl resolves seconds only.
  let lowSecond = Math.floor(lowMs / SECOND_MS);
  let highSecond = Math.floor(highMs / SECOND_MS);
  while (highSecond - lowSecond > 1) {
    const middleSecond = lowSecond + Math.floor((highSecond - lowSecond) / 2);
    if (zoneOffsetMs(zone, middleSecond * SECOND_MS) === offsetBeforeMs) lowSecond = middleSecond;
    else highSecond = middleSecond;
  }
  return highSecond * SECOND_MS;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A compact local time for sentences: "14:05", "14:05:30" when seconds matter, "Mar 29 14:05"
 * when the day differs from the reference instant's day, "Jan 2 2027 09:00" across years.
 */
export function formatLocalTime(instantMs: number, zone: string, referenceMs: number): string {
  const local = localDateTime(zone, instantMs);
  const reference = localDateTime(zone, referenceMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  const clock = `${pad(local.hour)}:${pad(local.minute)}${local.second === 0 ? '' : `:${pad(local.second)}`}`;
  if (local.year !== reference.year) return `${MONTH_NAMES[local.month - 1]} ${local.day} ${local.year} ${clock}`;
  if (local.month !== reference.month || local.day !== reference.day)
    return `${MONTH_NAMES[local.month - 1]} ${local.day} ${clock}`;
  return clock;
}

/** "UTC" for a zero offset, else "UTC+2", "UTC-4", "UTC+5:30": what disambiguates a local time. */
export function formatUtcOffset(offsetMs: number): string {
  if (offsetMs === 0) return 'UTC';
  const totalMinutes = Math.round(Math.abs(offsetMs) / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const sign = offsetMs > 0 ? '+' : '-';
  return `UTC${sign}${hours}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}

/**
 * `formatLocalTime` followed by the UTC offset in force at that instant ("02:30 UTC+2"), so a
 * time is unambiguous even when the wall clock repeats on fall-back day.
 */
export function formatLocalTimeWithOffset(instantMs: number, zone: string, referenceMs: number): string {
  return `${formatLocalTime(instantMs, zone, referenceMs)} ${formatUtcOffset(zoneOffsetMs(zone, instantMs))}`;
}
