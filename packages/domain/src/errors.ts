/**
 * The one error type of Cronwise. Every layer throws `AppError` with a code from `ErrorCode`;
 * the API maps codes to tRPC/HTTP statuses in one table. Messages are written for the person
 * who sent the input: they say what was wrong and how to fix it.
 */
export const ErrorCode = {
  /** Input failed validation; `details.issues` lists each field path and what to change. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** The resource does not exist, or belongs to another tenant (never reveal which). */
  NOT_FOUND: 'NOT_FOUND',
  /** No valid session or API key was presented. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller is known but lacks the role or API-key scope for this action. */
  FORBIDDEN: 'FORBIDDEN',
  /** The request conflicts with current state (duplicate name, stale version, human pause). */
  CONFLICT: 'CONFLICT',
  /** The caller's plan does not allow this (too many endpoints, interval below the floor...). */
  PLAN_LIMIT_EXCEEDED: 'PLAN_LIMIT_EXCEEDED',
  /** Too many requests; `details.retryAfterMs` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The target URL resolves to an address the SSRF policy blocks. */
  TARGET_BLOCKED: 'TARGET_BLOCKED',
  /** A signed request was due but no signing key is configured: fail closed, send nothing. */
  SIGNING_KEY_MISSING: 'SIGNING_KEY_MISSING',
  /** This deployment has no billing (Stripe keys unset); plans are changed by an operator. */
  BILLING_NOT_CONFIGURED: 'BILLING_NOT_CONFIGURED',
  /** A dependency (database, queue, LLM provider, Stripe) is unavailable; retrying may help. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** A bug: an invariant did not hold. The message is safe to show; details are logged. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one input field; `path` is the field path, e.g. `['schedule', 'cron']`. */
export interface ValidationIssue {
  path: ReadonlyArray<string | number>;
  message: string;
}

export interface AppErrorDetails {
  issues?: ValidationIssue[];
  /** Name of the plan limit that was hit, e.g. `minIntervalMs` or `endpoints`. */
  limit?: string;
  /** For RATE_LIMITED (and some UNAVAILABLE): how long to wait before retrying. */
  retryAfterMs?: number;
  /** For TARGET_BLOCKED: the named address range that matched. */
  range?: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: AppErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: AppErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/**
 * A VALIDATION_FAILED error from a list of issues. The message repeats the issues so that a log
 * line or a CLI user sees the whole story without digging into `details`.
 */
export function validationError(issues: ValidationIssue[]): AppError {
  const summary = issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  return new AppError(ErrorCode.VALIDATION_FAILED, summary || 'invalid input', { issues });
}

/** Builds the issue list for validators that accumulate problems before throwing. */
export function issue(path: ReadonlyArray<string | number>, message: string): ValidationIssue {
  return { path, message };
}
