import type { EndpointRecord } from '@cronwise/db';
import {
  AppError,
  DAY_MS,
  ErrorCode,
  formatDuration,
  issue,
  type ValidationIssue,
  validationError,
} from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { limitsFor } from '../tier-limits';
import { changeEndpoint } from './change-endpoint';

export const MAX_OVERRIDE_TTL_MS = 30 * DAY_MS;

export interface OverrideInput {
  /** A temporary cadence that replaces the baseline and outranks AI hints. */
  intervalMs?: number;
  /** A one-off run at this time. */
  runAt?: Date;
  /** How long the override lasts. */
  ttlMs: number;
  reason: string;
}

/** A person's override with a time to live; like every path it stays above the plan's floor. */
export function setEndpointOverride(
  deps: ServiceDependencies,
  actor: Actor,
  id: string,
  input: OverrideInput,
): Promise<EndpointRecord> {
  const now = deps.clock.now();
  const issues: ValidationIssue[] = [];
  if (input.intervalMs === undefined && input.runAt === undefined) {
    issues.push(issue(['intervalMs'], 'set intervalMs, runAt, or both'));
  }
  if (input.runAt && input.runAt.getTime() <= now.getTime()) {
    issues.push(issue(['runAt'], 'must be in the future; use "run now" for an immediate run'));
  }
  if (!Number.isInteger(input.ttlMs) || input.ttlMs <= 0 || input.ttlMs > MAX_OVERRIDE_TTL_MS) {
    issues.push(
      issue(['ttlMs'], `must be a whole number of milliseconds up to ${formatDuration(MAX_OVERRIDE_TTL_MS)}`),
    );
  }
  if (input.runAt && input.runAt.getTime() > now.getTime() + input.ttlMs) {
    issues.push(issue(['runAt'], 'falls after the override expires; lengthen ttlMs or pick an earlier time'));
  }
  if (issues.length > 0) throw validationError(issues);
  const floorMs = limitsFor(deps, actor).minIntervalMs;
  if (input.intervalMs !== undefined && input.intervalMs < floorMs) {
    throw new AppError(
      ErrorCode.PLAN_LIMIT_EXCEEDED,
      `interval ${formatDuration(input.intervalMs)} is below your plan's minimum of ${formatDuration(floorMs)}; choose at least ${formatDuration(floorMs)}`,
      { limit: 'minIntervalMs', issues: [issue(['intervalMs'], `must be at least ${floorMs}`)] },
    );
  }
  return changeEndpoint(deps, actor, id, () => ({
    manualIntervalMs: input.intervalMs ?? null,
    manualRunAt: input.runAt ?? null,
    manualExpiresAt: new Date(now.getTime() + input.ttlMs),
    manualReason: input.reason,
  }));
}

export function clearEndpointOverride(deps: ServiceDependencies, actor: Actor, id: string): Promise<EndpointRecord> {
  return changeEndpoint(deps, actor, id, () => ({
    manualIntervalMs: null,
    manualRunAt: null,
    manualExpiresAt: null,
    manualReason: null,
  }));
}
