import { AppError, ErrorCode } from '@cronwise/domain';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeError, ERROR_CODE_TABLE, toTRPCError } from './errors';

describe('error mapping', () => {
  it('has a row for every error code, and each row’s HTTP status is what tRPC sends for its code', () => {
    expect(Object.keys(ERROR_CODE_TABLE).sort()).toEqual(Object.values(ErrorCode).sort());
    for (const [code, row] of Object.entries(ERROR_CODE_TABLE)) {
      const error = toTRPCError(new AppError(code as ErrorCode, 'message'));
      expect(getHTTPStatusCodeFromError(error), code).toBe(row.httpStatus);
    }
  });

  it('maps plan limits to 422 and rate limits to 429, keeping the details', () => {
    const planError = toTRPCError(new AppError(ErrorCode.PLAN_LIMIT_EXCEEDED, 'too many', { limit: 'maxEndpoints' }));
    expect(describeError(planError)).toEqual({
      code: 'PLAN_LIMIT_EXCEEDED',
      message: 'too many',
      httpStatus: 422,
      limit: 'maxEndpoints',
    });
    const rateError = toTRPCError(new AppError(ErrorCode.RATE_LIMITED, 'slow down', { retryAfterMs: 5_000 }));
    expect(describeError(rateError)).toMatchObject({ code: 'RATE_LIMITED', httpStatus: 429, retryAfterMs: 5_000 });
  });

  it('turns zod input errors into VALIDATION_FAILED with field paths', () => {
    const parsed = z.object({ schedule: z.object({ cron: z.string() }) }).safeParse({ schedule: { cron: 5 } });
    const error = new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
    const body = describeError(error);
    expect(body).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 400 });
    expect(body.issues?.[0]?.path).toEqual(['schedule', 'cron']);
  });

  it('never leaks internal error messages', () => {
    const error = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'connection string postgres://secret' });
    expect(describeError(error).message).not.toContain('secret');
    expect(describeError(error).code).toBe('INTERNAL');
  });
});
