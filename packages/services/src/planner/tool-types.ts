import type { BodySignal } from './body-signals';

/** Tool names as the model sees them. */
export const TOOL_NAMES = {
  getLatestResponse: 'get_latest_response',
  getResponseHistory: 'get_response_history',
  getEndpointHealth: 'get_endpoint_health',
  getSiblingStatus: 'get_sibling_status',
  proposeInterval: 'propose_interval',
  proposeOneShot: 'propose_one_shot',
  pauseUntil: 'pause_until',
  clearHints: 'clear_hints',
  submitAnalysis: 'submit_analysis',
} as const;

export interface HistoryRun {
  /** Planned time of the newest run in this entry. */
  at: string;
  status: string;
  statusCode: number | null;
  durationMs: number | null;
  signal: BodySignal | null;
  /** Consecutive runs with the same status, code and body, collapsed into this entry. */
  count: number;
  /** Omitted once the page's byte budget is spent. */
  body?: string;
  error?: string | null;
}

export interface HistoryToolOutput {
  runs: HistoryRun[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export interface WindowHealthOutput {
  runs: number;
  successRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latenessP99Ms: number | null;
}

export interface HealthToolOutput {
  failureStreak: number;
  lastHour: WindowHealthOutput;
  lastDay: WindowHealthOutput;
}

export interface SiblingToolOutput {
  siblings: {
    id: string;
    name: string;
    lastRunStatus: string | null;
    failureStreak: number;
    isPaused: boolean;
    latestRunAt: string | null;
    signal: BodySignal | null;
  }[];
}

export type ProposalKind = 'interval' | 'one_shot' | 'pause' | 'clear';

/** A bounded proposal collected during a session, applied (auto) or stored (suggest) after it. */
export interface PlannedProposal {
  kind: ProposalKind;
  payload: { intervalMs?: number; ttlMs?: number; runAt?: string; until?: string };
  reason: string;
  expiresAt: Date;
}
