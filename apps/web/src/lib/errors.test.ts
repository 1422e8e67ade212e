import { describe, expect, it } from 'vitest';
import { issuesByField, isUnauthenticated, readApiError } from './errors';

describe('reading API errors', () => {
  it('takes the product error body out of a tRPC client error', () => {
    const error = Object.assign(new Error('invalid input'), {
      data: {
        code: 'BAD_REQUEST',
        httpStatus: 400,
        error: {
          code: 'VALIDATION_FAILED',
          httpStatus: 400,
          message: 'invalid input: schedule.cron: not a cron expression',
          issues: [{ path: ['schedule', 'cron'], message: 'not a cron expression' }],
        },
      },
    });
    const view = readApiError(error);
    expect(view.code).toBe('VALIDATION_FAILED');
    expect(view.message).toBe('invalid input: schedule.cron: not a cron expression');
    expect(issuesByField(view.issues)).toEqual({ 'schedule.cron': ['not a cron expression'] });
  });

  it('words a network failure so a person knows what to do', () => {
    expect(readApiError(new TypeError('Failed to fetch')).message).toMatch(/could not be reached/);
  });

  it('recognises an expired session by code or status', () => {
    expect(isUnauthenticated({ data: { httpStatus: 401, code: 'UNAUTHORIZED' } })).toBe(true);
    expect(isUnauthenticated({ data: { error: { code: 'NOT_FOUND', httpStatus: 404 } } })).toBe(false);
  });
});
