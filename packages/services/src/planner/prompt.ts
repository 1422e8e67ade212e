/**
 * The planner's prompts, kept compact (a session with a hosted model targets ≤ 3k tokens):
 * one system prompt, and one user message carrying the endpoint's facts as JSON.
 */
export const CONTEXT_MARKER = 'CONTEXT:';

export interface PlannerContext {
  now: string;
  trigger: string;
  reason: string | null;
  mode: 'suggest' | 'auto';
  endpoint: {
    name: string;
    description: string;
    schedule: string;
    baselineIntervalMs: number;
    /** The effective floor: max(plan minimum, endpoint minimum). */
    minIntervalMs: number;
    maxIntervalMs: number | null;
    lastRunAt: string | null;
    lastRunStatus: string | null;
    failureStreak: number;
  };
  hints: {
    aiInterval: { intervalMs: number; expiresAt: string } | null;
    aiOneShot: { at: string } | null;
    manualOverride: boolean;
    pause: { by: 'user' | 'ai' | 'system'; until: string | null } | null;
  };
  siblingCount: number;
}

export const SYSTEM_PROMPT = `You adjust when one HTTP endpoint runs. Read before acting:
get_endpoint_health, get_response_history, get_sibling_status (same job).
Act only with evidence of a sustained change (2+ consecutive anomalous runs); never act on one anomaly.
- Failures, degraded status fields, rising error rate, queue depth or latency: propose_interval
  (shorter than baseline, TTL <= 24h) to watch closely.
- 3+ healthy runs after a tightened period: clear_hints.
- Non-critical (per description) and noisy: pause_until (<= 24h).
- A sibling's result makes this endpoint's run useful now: propose_one_shot.
- Flapping endpoints: keep the baseline.
Bounds are enforced: out-of-range values are clamped. You cannot change a pause set by a person.
Always finish with submit_analysis (reasoning in 1-3 sentences, confidence 0-1, nextAnalysisInMs).`;

export function userPrompt(context: PlannerContext): string {
  return `Analyse this endpoint and decide.\n${CONTEXT_MARKER}${JSON.stringify(context)}`;
}
