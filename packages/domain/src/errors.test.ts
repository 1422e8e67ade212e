import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode, isAppError, issue, validationError } from './errors';

describe('AppError', () => {
  it('carries a code, a message and optional details', () => {
    const error = new AppError(ErrorCode.RATE_LIMITED, 'too many requests; retry in 5 s', { retryAfterMs: 5_000 });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AppError');
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe('too many requests; retry in 5 s');
    expect(error.details).toEqual({ retryAfterMs: 5_000 });
  });

  it('keeps the underlying cause', () => {
    const cause = new Error('socket hang up');
    expect(new AppError(ErrorCode.UNAVAILABLE, 'database unavailable', undefined, { cause }).cause).toBe(cause);
  });

  it('is recognised by isAppError and nothing else is', () => {
    expect(isAppError(new AppError(ErrorCode.INTERNAL, 'bug'))).toBe(true);
    expect(isAppError(new Error('plain'))).toBe(false);
    expect(isAppError({ code: 'NOT_FOUND' })).toBe(false);
  });

  it('defines every documented code exactly once, with its own name as value', () => {
    expect(Object.entries(ErrorCode).every(([key, value]) => key === value)).toBe(true);
    expect(Object.keys(ErrorCode)).toEqual([
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'CONFLICT',
      'PLAN_LIMIT_EXCEEDED',
      'RATE_LIMITED',
      'TARGET_BLOCKED',
      'SIGNING_KEY_MISSING',
      'BILLING_NOT_CONFIGURED',
      'UNAVAILABLE',
      'INTERNAL',
    ]);
  });
});

describe('validationError', () => {
  it('lists every issue with its path in the message and in details', () => {
    const error = validationError([
      issue(['schedule', 'cron'], 'cron field 2 (hour) value 25 is out of range 0-23'),
      issue([], 'body must be an object'),
    ]);
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.message).toBe(
      'schedule.cron: cron field 2 (hour) value 25 is out of range 0-23; body must be an object',
    );
    expect(error.details?.issues).toHaveLength(2);
  });

  it('still has a message when given no issues', () => {
    expect(validationError([]).message).toBe('invalid input');
  });
});
