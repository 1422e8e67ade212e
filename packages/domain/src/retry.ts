import { formatDuration, MINUTE_MS, SECOND_MS } from './duration';
import { issue, type ValidationIssue, validationError } from './errors';

/**
 * In-run retries: when one HTTP attempt of a run fails in a way that may pass on its own
 * (network error, timeout, 5xx, 429), the run tries again after an exponential, jittered delay,
 * and never sooner than the target's `Retry-After`.
 */
export type DispatchOutcome =
  | { kind: 'network-error' }
  | { kind: 'timeout' }
  | { kind: 'http'; status: number; retryAfter?: string | null };

export type RetryCondition = 'network-error' | 'timeout' | 'server-error' | 'rate-limited';
export const RETRY_CONDITIONS: readonly RetryCondition[] = ['network-error', 'timeout', 'server-error', 'rate-limited'];

export type OutcomeCategory = RetryCondition | 'success' | 'redirect' | 'informational' | 'client-error';

export interface OutcomeClassification {
  category: OutcomeCategory;
  /** Whether a retry may help. A policy's `retryOn` can narrow this further. */
  isRetryable: boolean;
}

export interface RetryPolicy {
  /** Attempts in total, the first included: 1 means never retry. */
  maxAttempts: number;
  /** Delay before the first retry; doubles with each further retry. */
  baseDelayMs: number;
  /** Cap on the exponential delay (a target's Retry-After may ask for more, up to MAX_RETRY_AFTER_MS). */
  maxDelayMs: number;
  /** Which failures to retry; all four when absent. */
  retryOn?: RetryCondition[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: SECOND_MS,
  maxDelayMs: 30 * SECOND_MS,
  retryOn: [...RETRY_CONDITIONS],
};

/**
 * A target asking to wait longer than this gets no in-run retry (the run fails and the next
 * scheduled run tries again): holding a worker that long is waste, and retrying sooner than
 * asked would ignore the target.
 */
export const MAX_RETRY_AFTER_MS = MINUTE_MS;
/** Upper bound for a policy's `maxDelayMs`. */
export const MAX_RETRY_DELAY_MS = 5 * MINUTE_MS;

export function classifyOutcome(outcome: DispatchOutcome): OutcomeClassification {
  if (outcome.kind === 'network-error') return { category: 'network-error', isRetryable: true };
  if (outcome.kind === 'timeout') return { category: 'timeout', isRetryable: true };
  const { status } = outcome;
  if (status === 429) return { category: 'rate-limited', isRetryable: true };
  if (status >= 500) return { category: 'server-error', isRetryable: true };
  if (status >= 400) return { category: 'client-error', isRetryable: false };
  if (status >= 300) return { category: 'redirect', isRetryable: false };
  if (status >= 200) return { category: 'success', isRetryable: false };
  return { category: 'informational', isRetryable: false };
}

/**
 * Milliseconds to wait before the next attempt, or null when there should be none (success,
 * non-retryable failure, attempts used up, or a Retry-After beyond MAX_RETRY_AFTER_MS).
 *
 * Delay = "equal jitter" over an exponential curve: with d = min(maxDelay, base × 2^(attempt-1)),
 * the delay is d/2 + random × d/2, so retries spread out but never collapse to zero. A
 * Retry-After header (seconds, or an HTTP-date relative to `now`) raises the delay to at least
 * what the target asked for.
 *
 * @param attempt the attempt that just finished, counting from 1
 * @param random a number in [0, 1), injected so that this function stays pure
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  outcome: DispatchOutcome,
  context: { now: Date; random: number },
): number | null {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw validationError([issue(['attempt'], `must be a whole number from 1; got ${attempt}`)]);
  if (!(context.random >= 0 && context.random < 1))
    throw validationError([issue(['random'], `must be in [0, 1); got ${context.random}`)]);
  if (attempt >= policy.maxAttempts) return null;
  const { category, isRetryable } = classifyOutcome(outcome);
  const retryOn = policy.retryOn ?? RETRY_CONDITIONS;
  if (!isRetryable || !retryOn.includes(category as RetryCondition)) return null;

  const exponentialMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoffMs = Math.round(exponentialMs / 2 + (context.random * exponentialMs) / 2);
  const retryAfterMs =
    outcome.kind === 'http' && outcome.retryAfter != null ? parseRetryAfterMs(outcome.retryAfter, context.now) : null;
  if (retryAfterMs === null) return backoffMs;
  if (retryAfterMs > MAX_RETRY_AFTER_MS) return null;
  return Math.max(backoffMs, retryAfterMs);
}

/**
 * A Retry-After header value in milliseconds from `now`: delta-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"); a date in the past means 0. Null when unparseable, in
 * which case the header is ignored as RFC 9110 allows.
 */
export function parseRetryAfterMs(value: string, now: Date): number | null {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND_MS;
  // Only date-like values: Date.parse would also accept "1" or "-5" as years.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return null;
  // HTTP-dates are always GMT; asctime() form omits the zone, and Date.parse would read the
  // machine's local zone instead.
  const dateMs = Date.parse(/\b(GMT|UTC)$/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - now.getTime());
}

export type RetryPolicyParseResult = { ok: true; policy: RetryPolicy } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates a retry policy from input. `maxRetriesPerRun` is the plan's limit (retries, i.e.
 * attempts after the first).
 */
export function safeParseRetryPolicy(input: unknown, limits: { maxRetriesPerRun: number }): RetryPolicyParseResult {
  if (typeof input !== 'object' || input === null)
    return { ok: false, issues: [issue([], 'retry policy must be an object')] };
  const record = input as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const maxAttempts = record.maxAttempts;
  const maxAllowedAttempts = limits.maxRetriesPerRun + 1;
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1) {
    issues.push(
      issue(
        ['maxAttempts'],
        `must be a whole number of at least 1 (1 = no retries); got ${JSON.stringify(maxAttempts)}`,
      ),
    );
  } else if (maxAttempts > maxAllowedAttempts) {
    issues.push(
      issue(
        ['maxAttempts'],
        `${maxAttempts} attempts exceed your plan's ${limits.maxRetriesPerRun} retries per run; use at most ${maxAllowedAttempts}`,
      ),
    );
  }
  const isDelay = (value: unknown): value is number =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0;
  if (!isDelay(record.baseDelayMs)) {
    issues.push(
      issue(
        ['baseDelayMs'],
        `must be a whole number of milliseconds of at least 0; got ${JSON.stringify(record.baseDelayMs)}`,
      ),
    );
  }
  if (!isDelay(record.maxDelayMs) || record.maxDelayMs > MAX_RETRY_DELAY_MS) {
    issues.push(
      issue(
        ['maxDelayMs'],
        `must be a whole number of milliseconds from 0 to ${MAX_RETRY_DELAY_MS} (${formatDuration(MAX_RETRY_DELAY_MS)})`,
      ),
    );
  } else if (isDelay(record.baseDelayMs) && record.baseDelayMs > record.maxDelayMs) {
    issues.push(
      issue(
        ['baseDelayMs'],
        `base delay ${formatDuration(record.baseDelayMs)} is above the maximum delay ${formatDuration(record.maxDelayMs)}; lower it or raise maxDelayMs`,
      ),
    );
  }
  const retryOn = record.retryOn;
  if (retryOn !== undefined) {
    if (!Array.isArray(retryOn)) issues.push(issue(['retryOn'], `must be a list of ${RETRY_CONDITIONS.join(', ')}`));
    else {
      for (const [index, condition] of retryOn.entries()) {
        if (!RETRY_CONDITIONS.includes(condition)) {
          issues.push(
            issue(
              ['retryOn', index],
              `${JSON.stringify(condition)} is not a retry condition; use ${RETRY_CONDITIONS.join(', ')}`,
            ),
          );
        }
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const policy: RetryPolicy = {
    maxAttempts: maxAttempts as number,
    baseDelayMs: record.baseDelayMs as number,
    maxDelayMs: record.maxDelayMs as number,
  };
  if (Array.isArray(retryOn)) policy.retryOn = [...new Set(retryOn as RetryCondition[])];
  return { ok: true, policy };
}

export function parseRetryPolicy(input: unknown, limits: { maxRetriesPerRun: number }): RetryPolicy {
  const result = safeParseRetryPolicy(input, limits);
  if (!result.ok) throw validationError(result.issues);
  return result.policy;
}
