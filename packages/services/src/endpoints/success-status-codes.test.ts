import { describe, expect, it } from 'vitest';
import { successStatusMatcher, validateSuccessStatusCodes } from './success-status-codes';

describe('the success rule', () => {
  it('normalises codes and ranges, and says what to fix', () => {
    expect(validateSuccessStatusCodes('200 - 299, 304')).toMatchObject({ ok: true, normalised: '200-299,304' });
    const invalid = validateSuccessStatusCodes('200-299,abc');
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.issues[0]?.message).toContain("'abc'");
  });

  it('classifies responses with the same grammar', () => {
    const isSuccess = successStatusMatcher('200-299, 304');
    expect([200, 250, 299, 304].every(isSuccess)).toBe(true);
    expect([199, 300, 404, 500].some(isSuccess)).toBe(false);
  });

  it('falls back to 2xx for a rule that does not parse', () => {
    for (const rule of ['', 'abc']) {
      const isSuccess = successStatusMatcher(rule);
      expect(isSuccess(204)).toBe(true);
      expect(isSuccess(302)).toBe(false);
    }
  });
});
