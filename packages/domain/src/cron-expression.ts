import { Cron } from 'croner';

/**
 * Cron expression syntax: 5 fields (minute hour day-of-month month day-of-week) or 6 fields
 * with seconds first. Croner is the engine, but its errors do not say which field is wrong, so
 * this module validates each field itself and words the problem for the person who typed it;
 * croner then parses the validated text as a second line of defence.
 *
 * Supported per field: `*`, numbers, ranges `a-b`, steps `* /n` and `a-b/n`, lists `a,b`,
 * month names JAN-DEC, day names SUN-SAT (0 and 7 are Sunday), `?` in the two day fields, and
 * croner's extensions: `L`, `LW`, `15W` in day-of-month, `5L`/`FRIL` (last Friday) and `FRI#2`
 * (second Friday) in day-of-week. Day fields follow Vixie cron exactly: a date matches if either
 * day field matches only when both are restricted; a field that starts with `*` (or `?`) counts
 * as unrestricted, so `0 0 *\/2 * MON` means odd days that are Mondays (croner alone would OR).
 */
export interface CronExpression {
  /** The expression as written, trimmed, with runs of whitespace collapsed to one space. */
  source: string;
  /** Six fields, seconds first (`0` when the source has five), nicknames expanded. */
  fields: CronFields;
  hasSeconds: boolean;
  /**
   * True when second, minute and hour contain no wildcard and no step (`30 2 * * *`,
   * `0 9,17 * * 1-5`): such an expression names wall-clock times, so daylight-saving rules fire
   * each named time once. Otherwise it expresses a cadence that follows elapsed time.
   */
  isFixedTime: boolean;
}

export interface CronFields {
  second: string;
  minute: string;
  hour: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
}

export type CronParseResult = { ok: true; value: CronExpression } | { ok: false; message: string };

type FieldName = keyof CronFields;

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** `?` means "no specific value" and is only meaningful in the day fields. */
  allowsQuestionMark?: boolean;
  /** Largest step croner accepts, when it is not the number of values (7 and 0 are both Sunday). */
  maxStep?: number;
}

const FIELD_SPECS: Record<FieldName, FieldSpec> = {
  second: { label: 'second', min: 0, max: 59 },
  minute: { label: 'minute', min: 0, max: 59 },
  hour: { label: 'hour', min: 0, max: 23 },
  dayOfMonth: { label: 'day of month', min: 1, max: 31, allowsQuestionMark: true },
  month: {
    label: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  dayOfWeek: {
    label: 'day of week',
    min: 0,
    max: 7,
    names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
    allowsQuestionMark: true,
    maxStep: 7,
  },
};

const FIVE_FIELD_ORDER: readonly FieldName[] = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];
const SIX_FIELD_ORDER: readonly FieldName[] = ['second', ...FIVE_FIELD_ORDER];

const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const NUMBER_PATTERN = /^\d+$/;

class FieldError extends Error {}

export function parseCronExpression(text: string): CronParseResult {
  const source = text.trim().replace(/\s+/g, ' ');
  if (source === '') {
    return { ok: false, message: 'cron expression is empty; write 5 fields such as "*/5 * * * *"' };
  }
  let expanded = source;
  if (source.startsWith('@')) {
    const replacement = NICKNAMES[source.toLowerCase()];
    if (replacement === undefined) {
      return {
        ok: false,
        message: `cron nickname '${source}' is not supported; use one of ${Object.keys(NICKNAMES).join(', ')} or 5 fields`,
      };
    }
    expanded = replacement;
  }
  const parts = expanded.split(' ');
  if (parts.length !== 5 && parts.length !== 6) {
    return {
      ok: false,
      message: `cron expression '${source}' has ${parts.length} field${parts.length === 1 ? '' : 's'}; write 5 (minute hour day-of-month month day-of-week) or 6 with seconds first`,
    };
  }
  const order = parts.length === 6 ? SIX_FIELD_ORDER : FIVE_FIELD_ORDER;
  const fields: CronFields = { second: '0', minute: '', hour: '', dayOfMonth: '', month: '', dayOfWeek: '' };
  for (const [index, name] of order.entries()) {
    const fieldText = parts[index] ?? '';
    try {
      validateField(name, fieldText);
    } catch (error) {
      if (error instanceof FieldError) {
        return { ok: false, message: `cron field ${index + 1} (${FIELD_SPECS[name].label}) ${error.message}` };
      }
      throw error;
    }
    fields[name] = fieldText;
  }
  const sixFieldText = toSixFieldText(fields);
  try {
    // Croner is the engine that evaluates the expression later; make sure it agrees it is valid.
    new Cron(sixFieldText, cronMatcherOptions(fields));
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    return { ok: false, message: `cron expression '${source}' is invalid: ${reason}` };
  }
  const isFixedTime = [fields.second, fields.minute, fields.hour].every((field) => !/[*?/]/.test(field));
  return { ok: true, value: { source, fields, hasSeconds: parts.length === 6, isFixedTime } };
}

/**
 * Croner options for evaluating day fields by Vixie cron's rule (see the module comment). A new
 * object on every call: croner mutates the options it receives.
 */
export function cronMatcherOptions(fields: Pick<CronFields, 'dayOfMonth' | 'dayOfWeek'>): {
  utcOffset: number;
  mode: '6-part';
  domAndDow: boolean;
} {
  const isEitherUnrestricted = [fields.dayOfMonth, fields.dayOfWeek].some(
    (field) => field.startsWith('*') || field.startsWith('?'),
  );
  return { utcOffset: 0, mode: '6-part', domAndDow: isEitherUnrestricted };
}

export function toSixFieldText(fields: CronFields): string {
  return [fields.second, fields.minute, fields.hour, fields.dayOfMonth, fields.month, fields.dayOfWeek].join(' ');
}

function validateField(name: FieldName, text: string): void {
  const spec = FIELD_SPECS[name];
  for (const item of text.split(',')) {
    if (item === '') {
      throw new FieldError(`'${text}' has an empty list item; remove the extra comma`);
    }
    validateItem(name, spec, item);
  }
}

function validateItem(name: FieldName, spec: FieldSpec, item: string): void {
  // Names and the L/W/# markers are case-insensitive; messages quote the item as written.
  const upper = item.toUpperCase();
  if (name === 'dayOfMonth' && (upper === 'L' || upper === 'LW')) return;
  if (name === 'dayOfMonth' && /^L-\d*$/.test(upper)) {
    throw new FieldError(
      `'${item}' counts back from the last day of the month, which is not supported; use L for the last day or LW for the last weekday`,
    );
  }
  if (item.startsWith('-')) {
    const lastDayHint = name === 'dayOfMonth' ? '; for the last day of the month write L' : '';
    throw new FieldError(
      `'${item}' is negative, and cron has no negative values; use ${spec.min}-${spec.max}${lastDayHint}`,
    );
  }
  if (name === 'dayOfMonth' && upper.endsWith('W')) {
    const day = item.slice(0, -1);
    if (!NUMBER_PATTERN.test(day))
      throw new FieldError(`'${item}': W (nearest weekday) follows a single day, e.g. 15W`);
    readValue(spec, day);
    return;
  }
  if (name === 'dayOfWeek' && upper.includes('#')) {
    const [day = '', nth = ''] = item.split('#');
    readValue(spec, day);
    if (nth.toUpperCase() !== 'L' && !(NUMBER_PATTERN.test(nth) && Number(nth) >= 1 && Number(nth) <= 5)) {
      throw new FieldError(
        `'${item}' asks for occurrence '${nth}' of a weekday; use 1-5 (FRI#2 is the second Friday) or L`,
      );
    }
    return;
  }
  if (name === 'dayOfWeek' && upper.length > 1 && upper.endsWith('L')) {
    readValue(spec, item.slice(0, -1));
    return;
  }

  const [rangeText = '', stepText, ...extra] = item.split('/');
  if (extra.length > 0) throw new FieldError(`'${item}' has more than one '/'`);
  const isWildcard = rangeText === '*' || rangeText === '?';
  if (rangeText === '?' && !spec.allowsQuestionMark) {
    throw new FieldError(`'?' is only allowed in the day-of-month and day-of-week fields; use '*'`);
  }
  if (stepText !== undefined) {
    const maxStep = spec.maxStep ?? spec.max - spec.min + 1;
    if (!NUMBER_PATTERN.test(stepText) || Number(stepText) < 1 || Number(stepText) > maxStep) {
      throw new FieldError(`step '${stepText}' in '${item}' must be a whole number from 1 to ${maxStep}`);
    }
    if (!isWildcard && !rangeText.includes('-')) {
      throw new FieldError(
        `'${item}' steps from a single value; write '*/${stepText}' or '${rangeText}-${spec.max}/${stepText}'`,
      );
    }
  }
  if (isWildcard) return;

  const bounds = rangeText.split('-');
  if (bounds.length > 2) throw new FieldError(`'${item}' is not a valid range; write it as low-high, e.g. 1-5`);
  const low = readValue(spec, bounds[0] ?? '');
  if (bounds.length === 2) {
    // SUN at the end of a range means 7, so that SAT-SUN covers the weekend.
    const high = name === 'dayOfWeek' && bounds[1]?.toUpperCase() === 'SUN' ? 7 : readValue(spec, bounds[1] ?? '');
    if (high < low) {
      throw new FieldError(
        `range '${item}' goes from high to low; write the smaller value first (ranges do not wrap around)`,
      );
    }
  }
}

function readValue(spec: FieldSpec, text: string): number {
  const nameIndex = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (nameIndex >= 0) return spec.min + nameIndex;
  if (!NUMBER_PATTERN.test(text)) {
    const namesHint = spec.names ? ` or a name ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
    throw new FieldError(`value '${text}' is not a whole number${namesHint}`);
  }
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    throw new FieldError(`value ${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}
