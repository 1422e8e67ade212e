/**
 * The error codes the Cronwise API answers with (the `code` field of every error body). The
 * list mirrors the server's error table; `scripts/sdk-signature.test.ts` keeps them in step.
 */
export const CRONWISE_ERROR_CODES = [
  'VALIDATION_FAILED',
  'TARGET_BLOCKED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SIGNING_KEY_MISSING',
  'PLAN_LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'BILLING_NOT_CONFIGURED',
  'INTERNAL',
  'UNAVAILABLE',
] as const;

export type CronwiseErrorCode = (typeof CRONWISE_ERROR_CODES)[number];

export interface CronwiseErrorIssue {
  /** Where in the request the problem is, e.g. `["schedule", "intervalMs"]`. */
  path: Array<string | number>;
  message: string;
}

/** What the server said, as the SDK read it from the error response. */
export interface CronwiseErrorDetails {
  code: CronwiseErrorCode;
  message: string;
  status: number;
  issues?: CronwiseErrorIssue[];
  /** For PLAN_LIMIT_EXCEEDED: the limit that was hit, e.g. `minIntervalMs`. */
  limit?: string;
  /** For RATE_LIMITED (and 503s): how long to wait before trying again. */
  retryAfterMs?: number;
  /** The parsed response body (or its text when it was not JSON). */
  body?: unknown;
}

const CODE_FOR_STATUS: Record<number, CronwiseErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'SIGNING_KEY_MISSING',
  422: 'PLAN_LIMIT_EXCEEDED',
  429: 'RATE_LIMITED',
  501: 'BILLING_NOT_CONFIGURED',
  503: 'UNAVAILABLE',
};

/**
 * Thrown by every client method when the API answers with an error status. `code` is the API's
 * stable code, so callers branch on it rather than on message text:
 *
 * ```ts
 * try { await cronwise.jobs.get(id) } catch (error) {
 *   if (isCronwiseError(error, 'NOT_FOUND')) ...
 * }
 * ```
 */
export class CronwiseApiError extends Error {
  override readonly name = 'CronwiseApiError';
  readonly code: CronwiseErrorCode;
  readonly status: number;
  readonly issues: CronwiseErrorIssue[];
  readonly limit: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly body: unknown;

  constructor(details: CronwiseErrorDetails) {
    super(details.message);
    this.code = details.code;
    this.status = details.status;
    this.issues = details.issues ?? [];
    this.limit = details.limit;
    this.retryAfterMs = details.retryAfterMs;
    this.body = details.body;
  }
}

export function isCronwiseError(error: unknown, code?: CronwiseErrorCode): error is CronwiseApiError {
  return error instanceof CronwiseApiError && (code === undefined || error.code === code);
}

function isErrorCode(value: unknown): value is CronwiseErrorCode {
  return typeof value === 'string' && (CRONWISE_ERROR_CODES as readonly string[]).includes(value);
}

function readIssues(value: unknown): CronwiseErrorIssue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((entry): entry is { path?: unknown; message: string } => typeof entry?.message === 'string')
    .map((entry) => ({
      path: Array.isArray(entry.path)
        ? entry.path.filter((part): part is string | number => typeof part === 'string' || typeof part === 'number')
        : [],
      message: entry.message,
    }));
}

/**
 * Builds the error from a failed response and its parsed body. Bodies that are not Cronwise's
 * (a proxy's HTML page, an empty 503) still produce a code, derived from the HTTP status.
 */
export function errorFromResponse(response: Response, body: unknown, retryAfterMs?: number): CronwiseApiError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = isErrorCode(fields.code)
    ? fields.code
    : (CODE_FOR_STATUS[response.status] ?? (response.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'));
  const message =
    typeof fields.message === 'string' && fields.message !== ''
      ? fields.message
      : `Cronwise answered ${response.status} ${response.statusText}`.trim();
  const bodyRetryAfterMs = typeof fields.retryAfterMs === 'number' ? fields.retryAfterMs : undefined;
  const issues = readIssues(fields.issues);
  const resolvedRetryAfterMs = bodyRetryAfterMs ?? retryAfterMs;
  return new CronwiseApiError({
    code,
    message,
    status: response.status,
    body,
    ...(issues ? { issues } : {}),
    ...(typeof fields.limit === 'string' ? { limit: fields.limit } : {}),
    ...(resolvedRetryAfterMs !== undefined ? { retryAfterMs: resolvedRetryAfterMs } : {}),
  });
}
