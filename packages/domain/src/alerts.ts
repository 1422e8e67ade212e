import { issue, type ValidationIssue } from './errors';

/**
 * Alert policies and the incident rules, pure. An endpoint's own policy wins; without one it
 * inherits its job's. An incident is one open alert per endpoint and kind: it is announced once
 * when it opens, never again while it stays open, and closed when the endpoint recovers.
 */
export interface AlertPolicy {
  /** The owner's notification channels that receive this policy's alerts. */
  channelIds: string[];
  /** Open a "failing" incident after this many consecutive failed runs. */
  afterConsecutiveFailures: number | null;
  /** Open a "failing" incident when at least `failures` of the last `runs` runs failed. */
  failuresInLastRuns: { failures: number; runs: number } | null;
  /** Send a notice when a failing incident closes. */
  onRecovery: boolean;
  /** Alert when the engine pauses the endpoint after too many consecutive failures. */
  onAutoPause: boolean;
  /** Alert when a run is refused because the monthly run quota is spent. */
  onQuotaExhausted: boolean;
  /** Alert when the AI planner pauses the endpoint. */
  onAiPause: boolean;
}

export const ALERT_KINDS = ['failing', 'recovered', 'auto_paused', 'quota_exhausted', 'ai_paused'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** The kinds that stay open until the endpoint recovers (a recovery notice is a one-off). */
export type IncidentKind = Exclude<AlertKind, 'recovered'>;

export const MAX_ALERT_CHANNELS = 10;
export const MAX_ALERT_RULE_RUNS = 100;
export const MAX_CONSECUTIVE_FAILURES_RULE = 1_000;
/** With no failure rule at all, an incident opens at the first failure. */
export const DEFAULT_CONSECUTIVE_FAILURES = 1;

export const DEFAULT_ALERT_POLICY_FLAGS = {
  onRecovery: true,
  onAutoPause: true,
  onQuotaExhausted: true,
  onAiPause: false,
} as const;

/** The policy as the API accepts it: flags may be left out and take the defaults above. */
export interface AlertPolicyInput {
  channelIds: string[];
  afterConsecutiveFailures?: number | null | undefined;
  failuresInLastRuns?: { failures: number; runs: number } | null | undefined;
  onRecovery?: boolean | undefined;
  onAutoPause?: boolean | undefined;
  onQuotaExhausted?: boolean | undefined;
  onAiPause?: boolean | undefined;
}

/** Fills defaults and checks the rules' numbers; `path` prefixes every issue (e.g. `['alerts']`). */
export function normaliseAlertPolicy(
  input: AlertPolicyInput,
  path: ReadonlyArray<string | number> = ['alerts'],
): { ok: true; policy: AlertPolicy } | { ok: false; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const channelIds = [...new Set(input.channelIds)];
  if (channelIds.length > MAX_ALERT_CHANNELS) {
    issues.push(
      issue([...path, 'channelIds'], `lists ${channelIds.length} channels; the limit is ${MAX_ALERT_CHANNELS}`),
    );
  }
  const consecutive = input.afterConsecutiveFailures ?? null;
  if (consecutive !== null && (!Number.isInteger(consecutive) || consecutive < 1)) {
    issues.push(issue([...path, 'afterConsecutiveFailures'], 'must be a whole number of at least 1'));
  } else if (consecutive !== null && consecutive > MAX_CONSECUTIVE_FAILURES_RULE) {
    issues.push(issue([...path, 'afterConsecutiveFailures'], `must be at most ${MAX_CONSECUTIVE_FAILURES_RULE}`));
  }
  const window = input.failuresInLastRuns ?? null;
  if (window !== null) {
    const { failures, runs } = window;
    if (!Number.isInteger(runs) || runs < 1 || runs > MAX_ALERT_RULE_RUNS) {
      issues.push(
        issue([...path, 'failuresInLastRuns', 'runs'], `must be a whole number from 1 to ${MAX_ALERT_RULE_RUNS}`),
      );
    } else if (!Number.isInteger(failures) || failures < 1 || failures > runs) {
      issues.push(
        issue(
          [...path, 'failuresInLastRuns', 'failures'],
          `must be a whole number from 1 to runs (${runs}); e.g. { failures: 3, runs: 10 } alerts when 3 of the last 10 runs failed`,
        ),
      );
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    policy: {
      channelIds,
      afterConsecutiveFailures: consecutive,
      failuresInLastRuns: window,
      onRecovery: input.onRecovery ?? DEFAULT_ALERT_POLICY_FLAGS.onRecovery,
      onAutoPause: input.onAutoPause ?? DEFAULT_ALERT_POLICY_FLAGS.onAutoPause,
      onQuotaExhausted: input.onQuotaExhausted ?? DEFAULT_ALERT_POLICY_FLAGS.onQuotaExhausted,
      onAiPause: input.onAiPause ?? DEFAULT_ALERT_POLICY_FLAGS.onAiPause,
    },
  };
}

/** Reads a stored policy (JSON); anything unreadable counts as no policy. */
export function readAlertPolicy(stored: unknown): AlertPolicy | null {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return null;
  const value = stored as Record<string, unknown>;
  if (!Array.isArray(value.channelIds) || !value.channelIds.every((id) => typeof id === 'string')) return null;
  const normalised = normaliseAlertPolicy(value as unknown as AlertPolicyInput);
  return normalised.ok ? normalised.policy : null;
}

/** The endpoint's own policy, else its job's. */
export function effectiveAlertPolicy(endpointPolicy: unknown, jobPolicy: unknown): AlertPolicy | null {
  return readAlertPolicy(endpointPolicy) ?? readAlertPolicy(jobPolicy);
}

export function isFailedRunStatus(status: string): boolean {
  return status === 'failure' || status === 'timeout';
}

/** What one evaluation knows about an endpoint, after its batch committed. */
export interface AlertObservation {
  policy: AlertPolicy | null;
  /** The endpoint's consecutive failures now. */
  failureStreak: number;
  /** Statuses of this batch's runs for the endpoint, in the order they ran. */
  batchStatuses: readonly string[];
  /** Statuses of the endpoint's latest executed runs (success/failure/timeout), newest first. */
  recentStatuses: readonly string[];
  pausedBy: 'user' | 'ai' | 'system' | null;
  /** The system's pause reason, used to tell an auto-pause from a plan downgrade. */
  pauseReason: string | null;
  openKinds: ReadonlySet<IncidentKind>;
}

export interface AlertDecision {
  /** Incidents to open (and announce when the policy has channels). */
  open: Array<{ kind: IncidentKind; reason: string }>;
  /** Open incidents to close. */
  resolve: IncidentKind[];
  /** Send a recovery notice (a failing or auto-paused incident closed and the policy asks for it). */
  isRecoveryNoticed: boolean;
}

export const AUTO_PAUSE_REASON_PREFIX = 'auto-paused';

/**
 * The incident rules, in order:
 * 1. failing: opens when a failure rule holds and the latest run failed; closes once the latest
 *    run succeeded and no rule holds (a window rule closes when failures fall below its bar).
 * 2. auto_paused / ai_paused: open while the system's failure pause / the planner's pause is on;
 *    close when that pause is lifted.
 * 3. quota_exhausted: opens when a run of this batch was refused for the quota; closes at the
 *    next successful run.
 * Incidents close even without a policy, so removing one never leaves a stale incident open.
 */
export function decideAlerts(observation: AlertObservation): AlertDecision {
  const { policy, openKinds } = observation;
  const decision: AlertDecision = { open: [], resolve: [], isRecoveryNoticed: false };
  const executed = observation.batchStatuses.filter((status) => status === 'success' || isFailedRunStatus(status));
  const latest = executed.at(-1) ?? null;
  const failingReason = policy ? failingRuleReason(policy, observation) : null;

  if (openKinds.has('failing')) {
    if (latest === 'success' && failingReason === null) decision.resolve.push('failing');
  } else if (policy && failingReason !== null && latest !== null && isFailedRunStatus(latest)) {
    decision.open.push({ kind: 'failing', reason: failingReason });
  }

  const isAutoPaused =
    observation.pausedBy === 'system' && (observation.pauseReason ?? '').startsWith(AUTO_PAUSE_REASON_PREFIX);
  if (openKinds.has('auto_paused')) {
    if (!isAutoPaused) decision.resolve.push('auto_paused');
  } else if (isAutoPaused && policy?.onAutoPause) {
    decision.open.push({ kind: 'auto_paused', reason: observation.pauseReason ?? AUTO_PAUSE_REASON_PREFIX });
  }

  const isAiPaused = observation.pausedBy === 'ai';
  if (openKinds.has('ai_paused')) {
    if (!isAiPaused) decision.resolve.push('ai_paused');
  } else if (isAiPaused && policy?.onAiPause) {
    decision.open.push({ kind: 'ai_paused', reason: observation.pauseReason ?? 'paused by the AI planner' });
  }

  const wasQuotaRefused = observation.batchStatuses.includes('quota_exceeded');
  if (openKinds.has('quota_exhausted')) {
    if (latest === 'success') decision.resolve.push('quota_exhausted');
  } else if (wasQuotaRefused && policy?.onQuotaExhausted) {
    decision.open.push({ kind: 'quota_exhausted', reason: 'the monthly run quota is spent' });
  }

  const closesOutage = decision.resolve.includes('failing') || decision.resolve.includes('auto_paused');
  decision.isRecoveryNoticed = closesOutage && policy?.onRecovery === true && latest === 'success';
  return decision;
}

/** Why the failing rule holds, in words, or null when it does not. */
function failingRuleReason(policy: AlertPolicy, observation: AlertObservation): string | null {
  const window = policy.failuresInLastRuns;
  const consecutive = policy.afterConsecutiveFailures ?? (window === null ? DEFAULT_CONSECUTIVE_FAILURES : null);
  if (consecutive !== null && observation.failureStreak >= consecutive) {
    return `${observation.failureStreak} consecutive failed run${observation.failureStreak === 1 ? '' : 's'}`;
  }
  if (window !== null) {
    const considered = observation.recentStatuses.slice(0, window.runs);
    const failures = considered.filter(isFailedRunStatus).length;
    if (failures >= window.failures) return `${failures} of the last ${considered.length} runs failed`;
  }
  return null;
}
