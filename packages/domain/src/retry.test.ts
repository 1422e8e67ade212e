import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import {
  classifyOutcome,
  DEFAULT_RETRY_POLICY,
  type DispatchOutcome,
  MAX_RETRY_AFTER_MS,
  nextRetryDelay,
  parseRetryAfterMs,
  parseRetryPolicy,
  type RetryPolicy,
  safeParseRetryPolicy,
} from './retry';

const now = new Date('2026-05-04T14:00:00Z');
const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 10_000 };
const http = (status: number, retryAfter?: string): DispatchOutcome => ({ kind: 'http', status, retryAfter });

describe('classifyOutcome', () => {
  it.each([
    [{ kind: 'network-error' }, 'network-error', true],
    [{ kind: 'timeout' }, 'timeout', true],
    [http(500), 'server-error', true],
    [http(503), 'server-error', true],
    [http(599), 'server-error', true],
    [http(429), 'rate-limited', true],
    [http(400), 'client-error', false],
    [http(404), 'client-error', false],
    [http(408), 'client-error', false],
    [http(200), 'success', false],
    [http(204), 'success', false],
    [http(301), 'redirect', false],
    [http(304), 'redirect', false],
    [http(101), 'informational', false],
  ] as Array<[DispatchOutcome, string, boolean]>)('%j is %s (retryable: %s)', (outcome, category, isRetryable) => {
    expect(classifyOutcome(outcome)).toEqual({ category, isRetryable });
  });
});

describe('nextRetryDelay', () => {
  it('backs off exponentially with equal jitter', () => {
    expect(nextRetryDelay(policy, 1, http(503), { now, random: 0 })).toBe(500);
    expect(nextRetryDelay(policy, 1, http(503), { now, random: 0.999999 })).toBe(1_000);
    expect(nextRetryDelay(policy, 2, http(503), { now, random: 0.5 })).toBe(1_500);
    expect(nextRetryDelay(policy, 3, { kind: 'timeout' }, { now, random: 0 })).toBe(2_000);
  });

  it('caps the exponential delay at maxDelayMs', () => {
    expect(
      nextRetryDelay({ ...policy, maxAttempts: 20 }, 10, { kind: 'network-error' }, { now, random: 0.999999 }),
    ).toBe(10_000);
  });

  it('stops when the attempts are used up', () => {
    expect(nextRetryDelay(policy, 4, http(500), { now, random: 0 })).not.toBeNull();
    expect(nextRetryDelay(policy, 5, http(500), { now, random: 0 })).toBeNull();
    expect(nextRetryDelay({ ...policy, maxAttempts: 1 }, 1, http(500), { now, random: 0 })).toBeNull();
  });

  it('does not retry successes, redirects and client errors other than 429', () => {
    for (const status of [200, 302, 400, 401, 404, 422])
      expect(nextRetryDelay(policy, 1, http(status), { now, random: 0 })).toBeNull();
  });

  it('retries only the conditions the policy lists', () => {
    const onlyTimeouts: RetryPolicy = { ...policy, retryOn: ['timeout'] };
    expect(nextRetryDelay(onlyTimeouts, 1, { kind: 'timeout' }, { now, random: 0 })).toBe(500);
    expect(nextRetryDelay(onlyTimeouts, 1, http(503), { now, random: 0 })).toBeNull();
  });

  it('waits at least as long as Retry-After in seconds', () => {
    expect(nextRetryDelay(policy, 1, http(429, '30'), { now, random: 0 })).toBe(30_000);
    expect(nextRetryDelay(policy, 1, http(503, '0'), { now, random: 0 })).toBe(500);
  });

  it('honours Retry-After as an HTTP-date relative to the injected now', () => {
    expect(nextRetryDelay(policy, 1, http(503, 'Mon, 04 May 2026 14:00:45 GMT'), { now, random: 0 })).toBe(45_000);
  });

  it('gives up on the run when Retry-After asks for more than the cap', () => {
    expect(nextRetryDelay(policy, 1, http(429, String(MAX_RETRY_AFTER_MS / 1_000 + 1)), { now, random: 0 })).toBeNull();
    expect(nextRetryDelay(policy, 1, http(429, String(MAX_RETRY_AFTER_MS / 1_000)), { now, random: 0 })).toBe(
      MAX_RETRY_AFTER_MS,
    );
  });

  it('ignores an unreadable Retry-After', () => {
    expect(nextRetryDelay(policy, 1, http(503, 'soon'), { now, random: 0 })).toBe(500);
  });

  it('rejects an attempt number below 1 and a random number outside [0, 1)', () => {
    expect(() => nextRetryDelay(policy, 0, http(503), { now, random: 0 })).toThrow(AppError);
    expect(() => nextRetryDelay(policy, 1, http(503), { now, random: 1 })).toThrow(/must be in \[0, 1\)/);
  });
});

describe('parseRetryAfterMs', () => {
  it.each([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['Mon, 04 May 2026 14:01:00 GMT', 60_000],
    ['Monday, 04-May-26 14:01:00 GMT', 60_000],
    ['Mon May  4 14:01:00 2026', 60_000],
    ['Mon, 04 May 2026 13:00:00 GMT', 0],
  ])('reads %j as %d ms', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });

  it.each(['', '-5', '1.5', 'soon', '2026-05-04', 'Mon, 99 May 2026 14:01:00 GMT'])('rejects %j', (value) => {
    expect(parseRetryAfterMs(value, now)).toBeNull();
  });
});

describe('parseRetryPolicy', () => {
  it('accepts a policy within the plan limit and removes duplicate conditions', () => {
    expect(
      parseRetryPolicy(
        { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5_000, retryOn: ['timeout', 'timeout'] },
        { maxRetriesPerRun: 2 },
      ),
    ).toEqual({
      maxAttempts: 3,
      baseDelayMs: 500,
      maxDelayMs: 5_000,
      retryOn: ['timeout'],
    });
  });

  it('accepts the default policy on every plan', () => {
    expect(safeParseRetryPolicy(DEFAULT_RETRY_POLICY, { maxRetriesPerRun: 2 }).ok).toBe(true);
  });

  it('rejects more attempts than the plan allows, saying what is allowed', () => {
    expect(() => parseRetryPolicy({ maxAttempts: 4, baseDelayMs: 0, maxDelayMs: 0 }, { maxRetriesPerRun: 2 })).toThrow(
      "maxAttempts: 4 attempts exceed your plan's 2 retries per run; use at most 3",
    );
  });

  it('names every invalid field', () => {
    const result = safeParseRetryPolicy(
      { maxAttempts: 0, baseDelayMs: -1, maxDelayMs: 10 ** 9, retryOn: ['timeout', 'teapot'] },
      { maxRetriesPerRun: 5 },
    );
    expect(result.ok ? [] : result.issues.map((problem) => problem.path.join('.'))).toEqual([
      'maxAttempts',
      'baseDelayMs',
      'maxDelayMs',
      'retryOn.1',
    ]);
  });

  it('rejects a base delay above the maximum delay', () => {
    const result = safeParseRetryPolicy(
      { maxAttempts: 2, baseDelayMs: 5_000, maxDelayMs: 1_000 },
      { maxRetriesPerRun: 5 },
    );
    expect(result.ok ? '' : result.issues[0]?.message).toBe(
      'base delay 5 s is above the maximum delay 1 s; lower it or raise maxDelayMs',
    );
  });

  it('rejects a non-list retryOn and a non-object policy', () => {
    expect(
      safeParseRetryPolicy(
        { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0, retryOn: 'timeout' },
        { maxRetriesPerRun: 5 },
      ).ok,
    ).toBe(false);
    expect(safeParseRetryPolicy('3 attempts', { maxRetriesPerRun: 5 })).toEqual({
      ok: false,
      issues: [{ path: [], message: 'retry policy must be an object' }],
    });
  });
});
