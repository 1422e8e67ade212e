import { AppError, type AppErrorDetails, ErrorCode, isAppError, type ValidationIssue } from '@cronwise/domain';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';

/**
 * The one mapping from the product's error codes to tRPC codes and HTTP statuses. The HTTP
 * status follows from the tRPC code (tRPC and the REST adapter both derive it from there); it
 * is listed here so the table can be read, documented and tested in one place.
 */
export const ERROR_CODE_TABLE: Record<ErrorCode, { trpcCode: TRPC_ERROR_CODE_KEY; httpStatus: number }> = {
  [ErrorCode.VALIDATION_FAILED]: { trpcCode: 'BAD_REQUEST', httpStatus: 400 },
  [ErrorCode.TARGET_BLOCKED]: { trpcCode: 'BAD_REQUEST', httpStatus: 400 },
  [ErrorCode.UNAUTHENTICATED]: { trpcCode: 'UNAUTHORIZED', httpStatus: 401 },
  [ErrorCode.FORBIDDEN]: { trpcCode: 'FORBIDDEN', httpStatus: 403 },
  [ErrorCode.NOT_FOUND]: { trpcCode: 'NOT_FOUND', httpStatus: 404 },
  [ErrorCode.CONFLICT]: { trpcCode: 'CONFLICT', httpStatus: 409 },
  [ErrorCode.SIGNING_KEY_MISSING]: { trpcCode: 'PRECONDITION_FAILED', httpStatus: 412 },
  [ErrorCode.PLAN_LIMIT_EXCEEDED]: { trpcCode: 'UNPROCESSABLE_CONTENT', httpStatus: 422 },
  [ErrorCode.RATE_LIMITED]: { trpcCode: 'TOO_MANY_REQUESTS', httpStatus: 429 },
  [ErrorCode.INTERNAL]: { trpcCode: 'INTERNAL_SERVER_ERROR', httpStatus: 500 },
  [ErrorCode.BILLING_NOT_CONFIGURED]: { trpcCode: 'NOT_IMPLEMENTED', httpStatus: 501 },
  [ErrorCode.UNAVAILABLE]: { trpcCode: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
};

/** tRPC errors that arise before a service runs (unknown route, bad JSON) and their product codes. */
const CODE_FOR_TRPC_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  BAD_REQUEST: ErrorCode.VALIDATION_FAILED,
  PARSE_ERROR: ErrorCode.VALIDATION_FAILED,
  UNSUPPORTED_MEDIA_TYPE: ErrorCode.VALIDATION_FAILED,
  PAYLOAD_TOO_LARGE: ErrorCode.VALIDATION_FAILED,
  METHOD_NOT_SUPPORTED: ErrorCode.NOT_FOUND,
  NOT_FOUND: ErrorCode.NOT_FOUND,
  UNAUTHORIZED: ErrorCode.UNAUTHENTICATED,
  FORBIDDEN: ErrorCode.FORBIDDEN,
  CONFLICT: ErrorCode.CONFLICT,
  UNPROCESSABLE_CONTENT: ErrorCode.PLAN_LIMIT_EXCEEDED,
  TOO_MANY_REQUESTS: ErrorCode.RATE_LIMITED,
  SERVICE_UNAVAILABLE: ErrorCode.UNAVAILABLE,
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: ERROR_CODE_TABLE[error.code].trpcCode, message: error.message, cause: error });
}

/** The public error body, the same for tRPC (`error.data`) and REST (the response body). */
export interface ErrorBody extends AppErrorDetails {
  code: ErrorCode;
  message: string;
  httpStatus: number;
}

/** Builds the public error body from whatever was thrown: AppError, zod input error or a tRPC error. */
export function describeError(error: TRPCError): ErrorBody {
  const cause = error.cause;
  if (isAppError(cause)) {
    return {
      code: cause.code,
      message: cause.message,
      httpStatus: ERROR_CODE_TABLE[cause.code].httpStatus,
      ...cause.details,
    };
  }
  if (cause instanceof ZodError) {
    const issues: ValidationIssue[] = cause.issues.map((found) => ({
      path: found.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
      message: found.message,
    }));
    const summary = issues.map((found) => `${found.path.join('.') || 'input'}: ${found.message}`).join('; ');
    return { code: ErrorCode.VALIDATION_FAILED, message: `invalid input: ${summary}`, httpStatus: 400, issues };
  }
  const code = CODE_FOR_TRPC_CODE[error.code] ?? ErrorCode.INTERNAL;
  const isInternal = code === ErrorCode.INTERNAL;
  return {
    code,
    message: isInternal
      ? 'something went wrong on our side; try again, and report it if it keeps happening'
      : error.message,
    httpStatus: isInternal ? 500 : ERROR_CODE_TABLE[code].httpStatus,
  };
}

export { AppError };
