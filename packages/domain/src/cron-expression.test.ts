import { describe, expect, it } from 'vitest';
import { parseCronExpression } from './cron-expression';

function errorOf(text: string): string {
  const result = parseCronExpression(text);
  if (result.ok) throw new Error(`expected '${text}' to be rejected`);
  return result.message;
}

describe('parseCronExpression accepts', () => {
  it.each([
    '*/5 * * * *',
    '0 9 * * 1-5',
    '0 9 * * MON-FRI',
    '30 2 * * *',
    '0 0 1 JAN *',
    '0 0 L * *',
    '0 0 LW * *',
    '0 0 15W * *',
    '0 0 * * 5L',
    '0 0 * * FRIL',
    '0 0 * * FRI#2',
    '0 0 * * 5#L',
    '0 0 ? * MON',
    '0 0 * * SAT-SUN',
    '0 0 * * 0,7',
    '0 0 * * fri#2',
    '0 0 15w * *',
    '0 0 lw * *',
    '0 0 * jan-mar/2 *',
    '0-30/10 * * * *',
    '*/20 * * * * *',
    '0 0 * * * *',
    '@hourly',
    '@DAILY',
  ])('%s', (text) => {
    expect(parseCronExpression(text).ok).toBe(true);
  });

  it('collapses whitespace and keeps the text otherwise as written', () => {
    const result = parseCronExpression('  */5   *  * * *  ');
    expect(result.ok && result.value.source).toBe('*/5 * * * *');
  });

  it('puts a zero second in front of five-field expressions', () => {
    const result = parseCronExpression('5 4 * * *');
    expect(result.ok && result.value.fields).toEqual({
      second: '0',
      minute: '5',
      hour: '4',
      dayOfMonth: '*',
      month: '*',
      dayOfWeek: '*',
    });
    expect(result.ok && result.value.hasSeconds).toBe(false);
  });

  it('reads six fields with the seconds first', () => {
    const result = parseCronExpression('10 5 4 * * *');
    expect(result.ok && result.value.fields.second).toBe('10');
    expect(result.ok && result.value.hasSeconds).toBe(true);
  });

  it('expands nicknames', () => {
    const result = parseCronExpression('@weekly');
    expect(result.ok && result.value.fields).toMatchObject({ minute: '0', hour: '0', dayOfWeek: '0' });
  });
});

describe('fixed-time classification', () => {
  it.each([
    ['30 2 * * *', true],
    ['0 9,17 * * 1-5', true],
    ['0 2-3 * * *', true],
    ['@daily', true],
    ['*/15 * * * *', false],
    ['0 * * * *', false],
    ['0 */2 * * *', false],
    ['* 2 * * *', false],
    ['*/10 30 2 * * *', false],
  ])('%s names wall-clock times: %s', (text, expected) => {
    const result = parseCronExpression(text);
    expect(result.ok && result.value.isFixedTime).toBe(expected);
  });
});

describe('parseCronExpression explains what is wrong', () => {
  it.each([
    ['0 25 * * *', 'cron field 2 (hour) value 25 is out of range 0-23'],
    ['60 * * * *', 'cron field 1 (minute) value 60 is out of range 0-59'],
    ['0 0 0 0 * *', 'cron field 4 (day of month) value 0 is out of range 1-31'],
    ['0 0 * 13 *', 'cron field 4 (month) value 13 is out of range 1-12'],
    ['0 0 * * 8', 'cron field 5 (day of week) value 8 is out of range 0-7'],
    ['61 0 0 * * *', 'cron field 1 (second) value 61 is out of range 0-59'],
    ['1,,2 * * * *', "cron field 1 (minute) '1,,2' has an empty list item; remove the extra comma"],
    ['*/0 * * * *', "cron field 1 (minute) step '0' in '*/0' must be a whole number from 1 to 60"],
    ['0 0 * * */8', "cron field 5 (day of week) step '8' in '*/8' must be a whole number from 1 to 7"],
    ['*/x * * * *', "cron field 1 (minute) step 'x' in '*/x' must be a whole number from 1 to 60"],
    ['0/5 * * * *', "cron field 1 (minute) '0/5' steps from a single value; write '*/5' or '0-59/5'"],
    [
      '5-1 * * * *',
      "cron field 1 (minute) range '5-1' goes from high to low; write the smaller value first (ranges do not wrap around)",
    ],
    ['1-2-3 * * * *', "cron field 1 (minute) '1-2-3' is not a valid range; write it as low-high, e.g. 1-5"],
    ['*/5/2 * * * *', "cron field 1 (minute) '*/5/2' has more than one '/'"],
    ['a * * * *', "cron field 1 (minute) value 'a' is not a whole number"],
    ['0 0 * January *', "cron field 4 (month) value 'January' is not a whole number or a name JAN-DEC"],
    ['0 0 * * Funday', "cron field 5 (day of week) value 'Funday' is not a whole number or a name SUN-SAT"],
    ['0 0 1-15W * *', "cron field 3 (day of month) '1-15W': W (nearest weekday) follows a single day, e.g. 15W"],
    ['0 0 LL * *', "cron field 3 (day of month) value 'LL' is not a whole number"],
    ['? 0 * * *', "cron field 1 (minute) '?' is only allowed in the day-of-month and day-of-week fields; use '*'"],
    [
      '0 0 * * FRI#6',
      "cron field 5 (day of week) 'FRI#6' asks for occurrence '6' of a weekday; use 1-5 (FRI#2 is the second Friday) or L",
    ],
    ['0 0 32W * *', 'cron field 3 (day of month) value 32 is out of range 1-31'],
    ['0 0 * * L', "cron field 5 (day of week) value 'L' is not a whole number or a name SUN-SAT"],
    [
      '0 0 * * fri#0',
      "cron field 5 (day of week) 'fri#0' asks for occurrence '0' of a weekday; use 1-5 (FRI#2 is the second Friday) or L",
    ],
  ])('%s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('says that cron has no negative values and how to write the last day of the month', () => {
    expect(errorOf('0 0 -1 * *')).toBe(
      "cron field 3 (day of month) '-1' is negative, and cron has no negative values; use 1-31; for the last day of the month write L",
    );
    expect(errorOf('-5 * * * *')).toBe(
      "cron field 1 (minute) '-5' is negative, and cron has no negative values; use 0-59",
    );
  });

  it('says that counting back from the last day (L-2) is not supported and what to write instead', () => {
    expect(errorOf('0 0 L-2 * *')).toBe(
      "cron field 3 (day of month) 'L-2' counts back from the last day of the month, which is not supported; use L for the last day or LW for the last weekday",
    );
  });

  it('says how many fields are needed', () => {
    expect(errorOf('* * * *')).toBe(
      "cron expression '* * * *' has 4 fields; write 5 (minute hour day-of-month month day-of-week) or 6 with seconds first",
    );
    expect(errorOf('0 0 0 * * * 2030')).toContain('has 7 fields');
    expect(errorOf('*')).toContain('has 1 field;');
  });

  it('rejects an empty expression', () => {
    expect(errorOf('   ')).toBe('cron expression is empty; write 5 fields such as "*/5 * * * *"');
  });

  it('rejects unknown nicknames such as @reboot', () => {
    expect(errorOf('@reboot')).toBe(
      "cron nickname '@reboot' is not supported; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or 5 fields",
    );
  });
});
