import { SECOND_MS } from './duration';
import { issue, type ValidationIssue, validationError } from './errors';

const KIBIBYTE = 1_024;
const MEBIBYTE = 1_024 * KIBIBYTE;

export type Tier = 'free' | 'pro' | 'enterprise';
export const TIERS: readonly Tier[] = ['free', 'pro', 'enterprise'];

export interface TierLimits {
  /** Endpoints a user may have across all jobs. */
  maxEndpoints: number;
  /** The floor under every schedule, hint and override. */
  minIntervalMs: number;
  runsPerMonth: number;
  aiTokensPerMonth: number;
  runRetentionDays: number;
  /** Response bodies are stored up to this size and marked truncated beyond it. */
  responseCaptureBytes: number;
  /** The longest request timeout an endpoint may set. */
  timeoutCapMs: number;
  /** Retries after the first attempt of one run. */
  retriesPerRun: number;
}

export const DEFAULT_TIER_LIMITS: Readonly<Record<Tier, Readonly<TierLimits>>> = Object.freeze({
  free: Object.freeze({
    maxEndpoints: 5,
    minIntervalMs: 60 * SECOND_MS,
    runsPerMonth: 10_000,
    aiTokensPerMonth: 100_000,
    runRetentionDays: 7,
    responseCaptureBytes: 64 * KIBIBYTE,
    timeoutCapMs: 30 * SECOND_MS,
    retriesPerRun: 2,
  }),
  pro: Object.freeze({
    maxEndpoints: 100,
    minIntervalMs: 10 * SECOND_MS,
    runsPerMonth: 200_000,
    aiTokensPerMonth: 15_000_000,
    runRetentionDays: 30,
    responseCaptureBytes: 256 * KIBIBYTE,
    timeoutCapMs: 120 * SECOND_MS,
    retriesPerRun: 5,
  }),
  enterprise: Object.freeze({
    maxEndpoints: 1_000,
    minIntervalMs: SECOND_MS,
    runsPerMonth: 5_000_000,
    aiTokensPerMonth: 50_000_000,
    runRetentionDays: 90,
    responseCaptureBytes: MEBIBYTE,
    timeoutCapMs: 300 * SECOND_MS,
    retriesPerRun: 10,
  }),
});

const LIMIT_NAMES = Object.keys(DEFAULT_TIER_LIMITS.free) as Array<keyof TierLimits>;
/** Limits where 0 is meaningful ("no retries"); every other limit must be at least 1. */
const ZERO_ALLOWED: ReadonlySet<keyof TierLimits> = new Set(['retriesPerRun']);

export type TierLimitOverrides = Partial<Record<Tier, Partial<TierLimits>>>;

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/**
 * The limits in force: the defaults with a deployment's partial overrides merged in (e.g. a
 * self-hoster raising `free.maxEndpoints`). Overrides are validated; every problem is reported
 * with its path, e.g. `pro.minIntervalMs`.
 */
export function resolveTierLimits(overrides?: unknown): Record<Tier, TierLimits> {
  const resolved = {
    free: { ...DEFAULT_TIER_LIMITS.free },
    pro: { ...DEFAULT_TIER_LIMITS.pro },
    enterprise: { ...DEFAULT_TIER_LIMITS.enterprise },
  };
  if (overrides === undefined || overrides === null) return resolved;
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw validationError([issue([], 'tier limit overrides must be an object such as {"free": {"maxEndpoints": 10}}')]);
  }
  const issues: ValidationIssue[] = [];
  for (const [tier, limits] of Object.entries(overrides)) {
    if (!isTier(tier)) {
      issues.push(issue([tier], `unknown tier '${tier}'; use ${TIERS.join(', ')}`));
      continue;
    }
    if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) {
      issues.push(issue([tier], 'must be an object of limits'));
      continue;
    }
    for (const [name, value] of Object.entries(limits)) {
      if (!(LIMIT_NAMES as string[]).includes(name)) {
        issues.push(issue([tier, name], `unknown limit '${name}'; known limits are ${LIMIT_NAMES.join(', ')}`));
        continue;
      }
      const limitName = name as keyof TierLimits;
      const minimum = ZERO_ALLOWED.has(limitName) ? 0 : 1;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
        issues.push(issue([tier, name], `must be a whole number of at least ${minimum}; got ${JSON.stringify(value)}`));
        continue;
      }
      resolved[tier][limitName] = value;
    }
  }
  if (issues.length > 0) throw validationError(issues);
  return resolved;
}

/** The usage-ledger month of an instant, in UTC: "2026-12". */
export function monthKey(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** When the monthly quotas reset: 00:00 UTC on the first day of the next month. */
export function startOfNextMonthUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}
