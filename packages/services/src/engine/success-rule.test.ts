import { describe, expect, it } from 'vitest';
import { parseSuccessStatusCodes } from './success-rule';

describe('success status codes', () => {
  it('accepts single codes and ranges', () => {
    const isSuccess = parseSuccessStatusCodes('200-299, 304');
    expect([200, 250, 299, 304].every(isSuccess)).toBe(true);
    expect([199, 300, 404, 500].some(isSuccess)).toBe(false);
  });

  it('falls back to 2xx when the rule is empty', () => {
    const isSuccess = parseSuccessStatusCodes('');
    expect(isSuccess(204)).toBe(true);
    expect(isSuccess(302)).toBe(false);
  });
});
