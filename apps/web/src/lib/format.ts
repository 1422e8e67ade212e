/** Time and size wording shared by every page; pure, so it is unit-tested with a fixed clock. */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

const SHORT_UNIT: Record<string, string> = { day: 'd', hour: 'h', minute: 'min', second: 's' };

/** "in 4 min", "2 h ago", "just now". */
export function formatRelative(iso: string, now: number): string {
  const deltaMs = new Date(iso).getTime() - now;
  const absolute = Math.abs(deltaMs);
  if (absolute < 5000) return 'just now';
  for (const [unit, size] of UNITS) {
    if (absolute >= size || unit === 'second') {
      const amount = Math.round(absolute / size);
      const text = `${amount} ${SHORT_UNIT[unit]}`;
      return deltaMs >= 0 ? `in ${text}` : `${text} ago`;
    }
  }
  return 'just now';
}

/** The exact instant in the viewer's zone and in UTC, for tooltips. */
export function formatExact(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
  return `${local} · ${date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC')}`;
}

export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** 850 → "850 ms", 1500 → "1.5 s", 90_000 → "1 min 30 s", 7_200_000 → "2 h". */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined) return '—';
  const value = Math.abs(milliseconds);
  const sign = milliseconds < 0 ? '−' : '';
  if (value < 1000) return `${sign}${Math.round(value)} ms`;
  if (value < 60_000) return `${sign}${(value / 1000).toFixed(value < 10_000 ? 1 : 0).replace(/\.0$/, '')} s`;
  if (value < 3_600_000) {
    const minutes = Math.floor(value / 60_000);
    const seconds = Math.round((value % 60_000) / 1000);
    return `${sign}${minutes} min${seconds ? ` ${seconds} s` : ''}`;
  }
  if (value < 86_400_000) {
    const hours = Math.floor(value / 3_600_000);
    const minutes = Math.round((value % 3_600_000) / 60_000);
    return `${sign}${hours} h${minutes ? ` ${minutes} min` : ''}`;
  }
  const days = Math.floor(value / 86_400_000);
  const hours = Math.round((value % 86_400_000) / 3_600_000);
  return `${sign}${days} d${hours ? ` ${hours} h` : ''}`;
}

export const INTERVAL_UNITS = [
  { unit: 'seconds', ms: 1000 },
  { unit: 'minutes', ms: 60_000 },
  { unit: 'hours', ms: 3_600_000 },
  { unit: 'days', ms: 86_400_000 },
] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number]['unit'];

/** 900_000 → "every 15 minutes"; 3_600_000 → "every hour". */
export function describeInterval(intervalMs: number): string {
  const unit = [...INTERVAL_UNITS].reverse().find((candidate) => intervalMs % candidate.ms === 0);
  if (!unit) return `every ${formatDuration(intervalMs)}`;
  const amount = intervalMs / unit.ms;
  const singular = unit.unit.slice(0, -1);
  return amount === 1 ? `every ${singular}` : `every ${amount} ${unit.unit}`;
}

/** The largest unit that divides the interval exactly, for the form's amount + unit inputs. */
export function splitInterval(intervalMs: number): { amount: number; unit: IntervalUnit } {
  const unit = [...INTERVAL_UNITS].reverse().find((candidate) => intervalMs % candidate.ms === 0) ?? INTERVAL_UNITS[0];
  return { amount: intervalMs / unit.ms, unit: unit.unit };
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat().format(value);
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  return `${(ratio * 100).toFixed(ratio === 1 || ratio === 0 ? 0 : 1)} %`;
}

/** Pretty-prints JSON bodies; anything else comes back unchanged. */
export function prettyBody(body: string, contentType: string | null): string {
  const looksJson = (contentType ?? '').includes('json') || /^\s*[[{]/.test(body);
  if (!looksJson) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
