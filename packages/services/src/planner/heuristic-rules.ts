/**
 * The heuristic planner's rules: pure, deterministic decisions over what the read tools
 * returned. The heuristic language model (heuristic-model.ts) calls the read tools, feeds
 * their results here, and turns the decision into action tool calls and `submit_analysis`.
 * The rules are documented in this folder's README; keep the two in step.
 */
import { DAY_MS, formatDuration, HOUR_MS, MINUTE_MS } from '@cronwise/domain';
import type { SignalLevel } from './body-signals';

export interface HistoryEntry {
  status: string;
  level: SignalLevel | null;
  durationMs: number | null;
  isReady: boolean | null;
  /** Consecutive identical runs collapsed into this entry. */
  count: number;
}

export interface RuleInput {
  nowMs: number;
  description: string;
  baselineIntervalMs: number;
  /** max(plan minimum, endpoint minimum). */
  floorMs: number;
  maxIntervalMs: number | null;
  lastRunAtMs: number | null;
  hints: {
    aiIntervalMs: number | null;
    aiIntervalExpiresAtMs: number | null;
    aiOneShotAtMs: number | null;
    isAiPaused: boolean;
    isPausedByPerson: boolean;
  };
  /** Newest first. */
  history: HistoryEntry[];
  siblings: { name: string; isReady: boolean | null; latestRunAtMs: number | null }[];
}

export type RuleAction =
  | { tool: 'propose_interval'; input: { intervalMs: number; ttlMs: number; reason: string } }
  | { tool: 'propose_one_shot'; input: { at: string; reason: string } }
  | { tool: 'pause_until'; input: { until: string; reason: string } }
  | { tool: 'clear_hints'; input: { reason: string } };

export interface RuleDecision {
  actions: RuleAction[];
  reasoning: string;
  confidence: number;
  nextAnalysisInMs: number;
}

/** A tightened cadence runs this many times faster than the baseline. */
export const TIGHTEN_FACTOR = 4;
/** Consecutive anomalous runs that make a problem "sustained". */
export const SUSTAINED_RUNS = 2;
/** Consecutive healthy runs after which a tightened cadence is relaxed. */
export const RECOVERED_RUNS = 3;
/** Status changes within the last FLAP_WINDOW runs that mark an endpoint as flapping. */
export const FLAP_CHANGES = 3;
const FLAP_WINDOW = 6;
/** A run this much slower than the healthy median counts as a latency anomaly. */
const LATENCY_ANOMALY_FACTOR = 2.5;
const LATENCY_ANOMALY_MIN_MS = 200;
const NON_CRITICAL = /non[- ]?critical|not critical|best[- ]effort|low[- ]priority|optional|nice[- ]to[- ]have/i;
const MIN_ANALYSIS_MS = 5 * MINUTE_MS;
const MAX_ANALYSIS_MS = DAY_MS;
const MAX_TTL_MS = DAY_MS;

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** Expands collapsed entries into one verdict per run, newest first. */
function runVerdicts(input: RuleInput): ('bad' | 'good' | 'neutral')[] {
  const executed = input.history.filter((entry) => entry.status !== 'skipped' && entry.status !== 'quota_exceeded');
  const durations = executed
    .filter((entry) => entry.status === 'success' && entry.level !== 'degraded' && entry.level !== 'down')
    .map((entry) => entry.durationMs)
    .filter((value): value is number => value !== null);
  // The healthy median comes from the older half, so a rising trend is compared with the past.
  const older = durations.slice(Math.floor(durations.length / 2));
  const healthyMedian = older.length >= 2 ? median(older) : null;
  const verdicts: ('bad' | 'good' | 'neutral')[] = [];
  for (const entry of executed) {
    const isFailure = entry.status === 'failure' || entry.status === 'timeout';
    const isDegraded = entry.level === 'degraded' || entry.level === 'down';
    const isSlow =
      healthyMedian !== null &&
      entry.durationMs !== null &&
      entry.durationMs >= Math.max(healthyMedian * LATENCY_ANOMALY_FACTOR, LATENCY_ANOMALY_MIN_MS);
    const verdict = isFailure || isDegraded || isSlow ? 'bad' : 'good';
    for (let index = 0; index < entry.count; index += 1) verdicts.push(verdict);
  }
  return verdicts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function leadingRun(verdicts: string[], kind: string): number {
  let count = 0;
  for (const verdict of verdicts) {
    if (verdict !== kind) break;
    count += 1;
  }
  return count;
}

function changes(verdicts: string[]): number {
  let count = 0;
  for (let index = 1; index < verdicts.length; index += 1) if (verdicts[index] !== verdicts[index - 1]) count += 1;
  return count;
}

export function decideWithHeuristics(input: RuleInput): RuleDecision {
  const verdicts = runVerdicts(input);
  const badStreak = leadingRun(verdicts, 'bad');
  const goodStreak = leadingRun(verdicts, 'good');
  const recent = verdicts.slice(0, FLAP_WINDOW);
  const isFlapping = changes(recent) >= FLAP_CHANGES;
  const { hints } = input;
  const hasAiCadence = hints.aiIntervalMs !== null || hints.aiOneShotAtMs !== null || hints.isAiPaused;
  const tightenedMs = clamp(
    Math.round(input.baselineIntervalMs / TIGHTEN_FACTOR),
    input.floorMs,
    input.maxIntervalMs ?? Number.POSITIVE_INFINITY,
  );
  const calmAnalysisMs = clamp(6 * input.baselineIntervalMs, HOUR_MS, MAX_ANALYSIS_MS);
  const watchAnalysisMs = clamp(RECOVERED_RUNS * tightenedMs + tightenedMs / 2, MIN_ANALYSIS_MS, MAX_ANALYSIS_MS);
  const at = (offsetMs: number) => new Date(input.nowMs + offsetMs).toISOString();

  if (hints.isPausedByPerson) {
    return {
      actions: [],
      reasoning: 'A person paused this endpoint; the planner leaves it alone until they resume it.',
      confidence: 1,
      nextAnalysisInMs: calmAnalysisMs,
    };
  }

  const readySibling = input.siblings.find(
    (sibling) =>
      sibling.isReady === true &&
      sibling.latestRunAtMs !== null &&
      (input.lastRunAtMs === null || sibling.latestRunAtMs > input.lastRunAtMs),
  );
  if (readySibling && hints.aiOneShotAtMs === null && mentionsReadiness(input.description, readySibling.name)) {
    const delayMs = input.floorMs;
    return {
      actions: [
        {
          tool: 'propose_one_shot',
          input: { at: at(delayMs), reason: `${readySibling.name} reports ready; run the follow-up now` },
        },
      ],
      reasoning: `Sibling "${readySibling.name}" reports ready since this endpoint last ran, and the description ties this endpoint to it: one follow-up run in ${formatDuration(delayMs)}.`,
      confidence: 0.85,
      nextAnalysisInMs: calmAnalysisMs,
    };
  }

  if (isFlapping && badStreak < 3) {
    return {
      actions: [],
      reasoning: `The endpoint is flapping (${changes(recent)} changes in its last ${recent.length} runs); changing cadence on every flip would oscillate, so the baseline stays.`,
      confidence: 0.7,
      nextAnalysisInMs: calmAnalysisMs,
    };
  }

  const recentFailures = verdicts.slice(0, 5).filter((verdict) => verdict === 'bad').length;
  if (NON_CRITICAL.test(input.description) && recentFailures >= 3 && badStreak >= SUSTAINED_RUNS) {
    if (hints.isAiPaused) {
      return {
        actions: [],
        reasoning: 'Still noisy; the AI pause stands.',
        confidence: 0.8,
        nextAnalysisInMs: watchAnalysisMs,
      };
    }
    const pauseMs = clamp(6 * input.baselineIntervalMs, HOUR_MS, 6 * HOUR_MS);
    return {
      actions: [
        {
          tool: 'pause_until',
          input: {
            until: at(pauseMs),
            reason: `non-critical and noisy: ${recentFailures} of its last 5 runs failed`,
          },
        },
      ],
      reasoning: `The description calls this endpoint non-critical and ${recentFailures} of its last 5 runs were anomalous; pausing it for ${formatDuration(pauseMs)} saves calls without hiding anything important.`,
      confidence: 0.75,
      nextAnalysisInMs: clamp(pauseMs, MIN_ANALYSIS_MS, MAX_ANALYSIS_MS),
    };
  }

  if (badStreak >= SUSTAINED_RUNS) {
    if (tightenedMs >= input.baselineIntervalMs) {
      return {
        actions: [],
        reasoning: `${badStreak} anomalous runs in a row, but the baseline is already at the plan's minimum interval; nothing to tighten.`,
        confidence: 0.9,
        nextAnalysisInMs: watchAnalysisMs,
      };
    }
    const ttlMs = clamp(6 * input.baselineIntervalMs, HOUR_MS, MAX_TTL_MS);
    const current = hints.aiIntervalMs;
    const remainingMs = hints.aiIntervalExpiresAtMs === null ? 0 : hints.aiIntervalExpiresAtMs - input.nowMs;
    if (current !== null && current <= tightenedMs && remainingMs > ttlMs / 2) {
      return {
        actions: [],
        reasoning: `${badStreak} anomalous runs in a row; the tightened cadence (every ${formatDuration(current)}) is already in place for ${formatDuration(remainingMs)}.`,
        confidence: 0.9,
        nextAnalysisInMs: watchAnalysisMs,
      };
    }
    return {
      actions: [
        {
          tool: 'propose_interval',
          input: {
            intervalMs: tightenedMs,
            ttlMs,
            reason: `${badStreak} anomalous runs in a row; watching closely`,
          },
        },
      ],
      reasoning: `${badStreak} consecutive anomalous runs (failures, a degraded status in the body, or rising latency): tighten to every ${formatDuration(tightenedMs)} for ${formatDuration(ttlMs)} to see the incident closely.`,
      confidence: 0.9,
      nextAnalysisInMs: watchAnalysisMs,
    };
  }

  if (badStreak === 1) {
    if (hasAiCadence) {
      return {
        actions: [],
        reasoning: 'One anomalous run while the AI cadence is already active; no change on a single anomaly.',
        confidence: 0.7,
        nextAnalysisInMs: watchAnalysisMs,
      };
    }
    const probeMs = Math.max(input.floorMs, tightenedMs);
    return {
      actions: [
        {
          tool: 'propose_one_shot',
          input: { at: at(probeMs), reason: 'confirm a single anomalous run before changing the cadence' },
        },
      ],
      reasoning: `One anomalous run is not enough to change the cadence; a single confirmation run in ${formatDuration(probeMs)} decides.`,
      confidence: 0.6,
      // Look again right after the confirmation run, whatever it shows.
      nextAnalysisInMs: clamp(probeMs + MINUTE_MS, MIN_ANALYSIS_MS, MAX_ANALYSIS_MS),
    };
  }

  if (hasAiCadence && goodStreak >= RECOVERED_RUNS) {
    return {
      actions: [
        { tool: 'clear_hints', input: { reason: `${goodStreak} healthy runs in a row; back to the baseline` } },
      ],
      reasoning: `${goodStreak} consecutive healthy runs after the tightened period: clear the AI hints and return to the baseline.`,
      confidence: 0.85,
      nextAnalysisInMs: calmAnalysisMs,
    };
  }

  if (hasAiCadence) {
    const interval = hints.aiIntervalMs ?? tightenedMs;
    return {
      actions: [],
      reasoning: `${goodStreak} healthy run(s) so far; relaxing after ${RECOVERED_RUNS} in a row.`,
      confidence: 0.7,
      nextAnalysisInMs: clamp(
        (RECOVERED_RUNS - goodStreak) * interval + interval / 2,
        MIN_ANALYSIS_MS,
        MAX_ANALYSIS_MS,
      ),
    };
  }

  return {
    actions: [],
    reasoning:
      verdicts.length === 0 ? 'No runs to judge yet; the baseline stays.' : 'Healthy on the baseline; no change.',
    confidence: 0.8,
    nextAnalysisInMs: calmAnalysisMs,
  };
}

function mentionsReadiness(description: string, siblingName: string): boolean {
  const text = description.toLowerCase();
  return text.includes(siblingName.toLowerCase()) || /\bready\b|\bafter\b|\bonce\b|\bfollow[- ]?up\b/.test(text);
}
