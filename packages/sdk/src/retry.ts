/**
 * Retries for answers that mean "not now": 429 (rate limited) and 503 (unavailable). The
 * server did not act on such a request, so it is safe to send it again, POST included.
 */

export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. Default 3. */
  maxRetries?: number;
  /**
   * The longest single wait. A `Retry-After` beyond it is not waited out: the client gives up
   * at once and the error carries `retryAfterMs`. Default 30 000.
   */
  maxDelayMs?: number;
  /** First wait when the server sends no `Retry-After`; doubles per retry. Default 500. */
  baseDelayMs?: number;
}

export const DEFAULT_RETRY_OPTIONS: Required<RetryOptions> = { maxRetries: 3, maxDelayMs: 30_000, baseDelayMs: 500 };

const RETRYABLE_STATUSES = new Set([429, 503]);

export type FetchFunction = (input: Request) => Promise<Response>;

/**
 * `Retry-After` as milliseconds: delay-seconds (`120`) or an HTTP date. Undefined when absent
 * or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

function backoffMs(retry: number, options: Required<RetryOptions>, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  // Half fixed, half jitter: clients that were refused together do not come back together.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps `fetch` so that 429 and 503 answers are retried per `options`. */
export function withRetries(
  fetchImplementation: FetchFunction,
  options: RetryOptions = {},
  random: () => number = Math.random,
): FetchFunction {
  const settings = { ...DEFAULT_RETRY_OPTIONS, ...options };
  return async (request) => {
    for (let retry = 0; ; retry += 1) {
      // A request body can be read once; every attempt sends a fresh copy.
      const response = await fetchImplementation(retry < settings.maxRetries ? request.clone() : request);
      if (!RETRYABLE_STATUSES.has(response.status) || retry >= settings.maxRetries) return response;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      const delayMs = retryAfterMs ?? backoffMs(retry, settings, random);
      if (delayMs > settings.maxDelayMs) return response;
      // Free the connection before waiting.
      await response.body?.cancel().catch(() => {});
      await sleep(delayMs);
    }
  };
}
