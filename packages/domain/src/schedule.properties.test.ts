import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './duration';
import { nextOccurrences, type Schedule, safeParseSchedule } from './schedule';

/**
 * Property tests of cron occurrences against an independent reading of the expression: the
 * test expands each field itself and checks every fire time's local fields via Intl in the
 * schedule's zone.
 */
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Tokyo',
  'Pacific/Chatham',
  'America/Santiago',
  'Asia/Kolkata',
];

function fieldArbitrary(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max: Math.max(1, Math.floor((max - min + 1) / 2)) });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant('*') },
    { weight: 2, arbitrary: step.map((n) => `*/${n}`) },
    { weight: 3, arbitrary: value.map(String) },
    { weight: 1, arbitrary: range },
    { weight: 1, arbitrary: fc.tuple(range, step).map(([r, n]) => `${r}/${n}`) },
    { weight: 1, arbitrary: fc.uniqueArray(value, { minLength: 2, maxLength: 4 }).map((values) => values.join(',')) },
  );
}

const cronArbitrary = fc
  .record({
    second: fc.option(fieldArbitrary(0, 59), { nil: undefined }),
    minute: fieldArbitrary(0, 59),
    hour: fieldArbitrary(0, 23),
    dayOfMonth: fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: fieldArbitrary(1, 28) }),
    month: fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: fieldArbitrary(1, 12) }),
    dayOfWeek: fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: fieldArbitrary(0, 7) }),
  })
  .map((fields) =>
    [fields.second, fields.minute, fields.hour, fields.dayOfMonth, fields.month, fields.dayOfWeek]
      .filter((field) => field !== undefined)
      .join(' '),
  );

/** Fixed wall-clock times in the small hours, where offset changes happen. */
const smallHoursArbitrary = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 3 }),
    fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 2 }),
  )
  .map(([minutes, hours]) => `${minutes.join(',')} ${hours.join(',')} * * *`);

function expandField(text: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [rangeText = '*', stepText = '1'] = item.split('/');
    const [low, high] =
      rangeText === '*'
        ? [min, max]
        : rangeText.includes('-')
          ? rangeText.split('-').map(Number)
          : [Number(rangeText), Number(rangeText)];
    for (let value = low ?? min; value <= (high ?? max); value += Number(stepText)) values.add(value);
  }
  return values;
}

interface Fields {
  second: number;
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

function matches(expression: string, local: Fields): boolean {
  const parts = expression.split(' ');
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = parts.length === 6 ? parts : ['0', ...parts];
  const weekdays = new Set([...expandField(dayOfWeek ?? '*', 0, 7)].map((day) => day % 7));
  const isDayOfMonthMatch = expandField(dayOfMonth ?? '*', 1, 31).has(local.day);
  const isDayOfWeekMatch = weekdays.has(local.weekday);
  // Both day fields restricted: either may match (Vixie cron); otherwise both must. A field
  // that starts with '*' (such as '*\/2') counts as unrestricted, as in Vixie cron.
  const isRestricted = (field: string | undefined) => field !== undefined && !field.startsWith('*');
  const isDayMatch =
    isRestricted(dayOfMonth) && isRestricted(dayOfWeek)
      ? isDayOfMonthMatch || isDayOfWeekMatch
      : isDayOfMonthMatch && isDayOfWeekMatch;
  return (
    expandField(second ?? '0', 0, 59).has(local.second) &&
    expandField(minute ?? '*', 0, 59).has(local.minute) &&
    expandField(hour ?? '*', 0, 23).has(local.hour) &&
    expandField(month ?? '*', 1, 12).has(local.month) &&
    isDayMatch
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function localFields(zone: string, instantMs: number): Fields {
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
  const parts = Object.fromEntries(formatter.formatToParts(instantMs).map((part) => [part.type, part.value]));
  return {
    second: Number(parts.second),
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? ''),
  };
}

function utcFields(wallMs: number): Fields {
  const date = new Date(wallMs);
  return {
    second: date.getUTCSeconds(),
    minute: date.getUTCMinutes(),
    hour: date.getUTCHours(),
    day: date.getUTCDate(),
    month: date.getUTCMonth() + 1,
    weekday: date.getUTCDay(),
  };
}

function offsetMs(zone: string, instantMs: number): number {
  const local = localFields(zone, instantMs);
  const year = Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric' }).format(instantMs));
  return (
    Date.UTC(year, local.month - 1, local.day, local.hour, local.minute, local.second) -
    Math.floor(instantMs / 1000) * 1000
  );
}

const isFixedTime = (expression: string) => {
  const parts = expression.split(' ');
  return (parts.length === 6 ? parts.slice(0, 3) : parts.slice(0, 2)).every((field) => !/[*/]/.test(field));
};

/** A zone and a start: anywhere in 2020-2035, or within hours before an offset change. */
const zoneAndFromArbitrary: fc.Arbitrary<[string, number]> = fc.oneof(
  fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) })),
  fc
    .constantFrom<[string, string]>(
      ['Europe/Berlin', '2026-03-29T01:00:00Z'],
      ['Europe/Berlin', '2026-10-25T01:00:00Z'],
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
      ['Pacific/Chatham', '2026-04-04T14:00:00Z'],
      ['America/Santiago', '2026-04-05T03:00:00Z'],
    )
    .chain(([zone, changeIso]) =>
      fc
        .integer({ min: Date.parse(changeIso) - 4 * HOUR_MS, max: Date.parse(changeIso) + HOUR_MS })
        .map((fromMs): [string, number] => [zone, fromMs]),
    ),
);

describe('cron occurrences (properties)', () => {
  it('are strictly increasing, after `from`, and each matches the expression in its zone', () => {
    fc.assert(
      fc.property(
        fc.oneof(cronArbitrary, smallHoursArbitrary),
        zoneAndFromArbitrary,
        (expression, [timezone, fromMs]) => {
          const parsed = safeParseSchedule({ type: 'cron', cron: expression, timezone });
          fc.pre(parsed.ok);
          const schedule = (parsed as { schedule: Schedule }).schedule;
          const occurrences = nextOccurrences(schedule, { from: new Date(fromMs), count: 8 }).map((date) =>
            date.getTime(),
          );
          expect(occurrences.length).toBe(8);
          let previousMs = fromMs;
          for (const instantMs of occurrences) {
            expect(instantMs).toBeGreaterThan(previousMs);
            previousMs = instantMs;
            if (matches(expression, localFields(timezone, instantMs))) continue;
            // Otherwise it must be a nonexistent fixed time shifted forward by the gap: its wall
            // time under the offset in force before the change matches.
            expect(isFixedTime(expression)).toBe(true);
            const offsetBeforeMs = offsetMs(timezone, instantMs - 3 * HOUR_MS);
            expect(offsetBeforeMs).toBeLessThan(offsetMs(timezone, instantMs));
            expect(matches(expression, utcFields(instantMs + offsetBeforeMs))).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
    // 500 enumerations take a few seconds on a loaded two-core machine; the default 5 s is too tight.
  }, 30_000);

  it('are the same when a sparse expression is enumerated from far away (jumping) or from close by', () => {
    const sparseArbitrary = fc
      .tuple(
        fc.constantFrom('0', '30', '*/30'),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 31 }),
        fc.constantFrom('3', '4', '10', '11', '3,10', '2'),
      )
      .map(([minute, hour, day, month]) => `${minute} ${hour} ${day} ${month} *`);
    fc.assert(
      fc.property(sparseArbitrary, zoneAndFromArbitrary, (expression, [timezone, fromMs]) => {
        const parsed = safeParseSchedule({ type: 'cron', cron: expression, timezone });
        fc.pre(parsed.ok);
        const schedule = (parsed as { schedule: Schedule }).schedule;
        const occurrences = nextOccurrences(schedule, { from: new Date(fromMs), count: 6 });
        let previousMs = fromMs;
        for (const occurrence of occurrences) {
          // Two days ahead of a run is too close for a jump: this walks day by day.
          const fromClose = new Date(Math.max(previousMs, occurrence.getTime() - 2 * DAY_MS));
          previousMs = occurrence.getTime();
          expect(nextOccurrences(schedule, { from: fromClose, count: 1 })[0]?.toISOString()).toBe(
            occurrence.toISOString(),
          );
          expect(matches(expression, localFields(timezone, occurrence.getTime())) || isFixedTime(expression)).toBe(
            true,
          );
        }
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('never fire a fixed wall-clock time twice on one local day, even across daylight-saving changes', () => {
    const transitionsArbitrary = fc.constantFrom(
      ['Europe/Berlin', Date.UTC(2026, 2, 28)],
      ['Europe/Berlin', Date.UTC(2026, 9, 24)],
      ['America/New_York', Date.UTC(2026, 10, 0)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 3)],
      ['Australia/Lord_Howe', Date.UTC(2026, 9, 2)],
    ) as fc.Arbitrary<[string, number]>;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 59 }),
        transitionsArbitrary,
        (hour, minute, [timezone, fromMs]) => {
          const schedule: Schedule = { type: 'cron', cron: `${minute} ${hour} * * *`, timezone };
          const occurrences = nextOccurrences(schedule, { from: new Date(fromMs), count: 4 });
          const localDays = occurrences.map((date) =>
            new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(date),
          );
          expect(new Set(localDays).size).toBe(occurrences.length);
          for (const date of occurrences) {
            // The named time, or (where it does not exist) the named time moved forward by the gap.
            const local = localFields(timezone, date.getTime());
            const lateByMs = (local.hour * 60 + local.minute - (hour * 60 + minute)) * MINUTE_MS;
            expect([0, 30 * MINUTE_MS, HOUR_MS]).toContain(lateByMs);
          }
          const gaps = occurrences.slice(1).map((date, index) => date.getTime() - (occurrences[index]?.getTime() ?? 0));
          expect(gaps.every((gapMs) => gapMs >= 23 * HOUR_MS - 30 * MINUTE_MS)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
