import { describe, expect, it } from 'vitest';
import { decideWithHeuristics, type HistoryEntry, type RuleInput } from './heuristic-rules';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const BASELINE_MS = 20 * 60_000;
const ok: HistoryEntry = { status: 'success', level: 'healthy', durationMs: 50, isReady: null, count: 1 };
const failed: HistoryEntry = { status: 'failure', level: null, durationMs: 50, isReady: null, count: 1 };
const degraded: HistoryEntry = { status: 'success', level: 'degraded', durationMs: 50, isReady: null, count: 1 };
const slow: HistoryEntry = { status: 'success', level: null, durationMs: 900, isReady: null, count: 1 };

function input(history: HistoryEntry[], overrides: Partial<RuleInput> = {}): RuleInput {
  return {
    nowMs: NOW,
    description: '',
    baselineIntervalMs: BASELINE_MS,
    floorMs: 60_000,
    maxIntervalMs: null,
    lastRunAtMs: NOW - BASELINE_MS,
    hints: {
      aiIntervalMs: null,
      aiIntervalExpiresAtMs: null,
      aiOneShotAtMs: null,
      isAiPaused: false,
      isPausedByPerson: false,
    },
    history,
    siblings: [],
    ...overrides,
  };
}

const tightened = {
  aiIntervalMs: BASELINE_MS / 4,
  aiIntervalExpiresAtMs: NOW + 100 * 60_000,
  aiOneShotAtMs: null,
  isAiPaused: false,
  isPausedByPerson: false,
};

describe('heuristic rules', () => {
  it('tightens to a quarter of the baseline after two anomalous runs in a row', () => {
    const decision = decideWithHeuristics(input([failed, failed, ok, ok]));
    expect(decision.actions).toEqual([
      { tool: 'propose_interval', input: expect.objectContaining({ intervalMs: BASELINE_MS / 4 }) },
    ]);
    expect(decision.nextAnalysisInMs).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it('treats a degraded status in the body and rising latency as anomalies too', () => {
    expect(decideWithHeuristics(input([degraded, degraded, ok])).actions[0]?.tool).toBe('propose_interval');
    expect(decideWithHeuristics(input([slow, slow, ok, ok, ok, ok])).actions[0]?.tool).toBe('propose_interval');
  });

  it('never changes the cadence on a single anomaly: one confirmation run only', () => {
    const decision = decideWithHeuristics(input([failed, ok, ok, ok]));
    expect(decision.actions.map((action) => action.tool)).toEqual(['propose_one_shot']);
    expect(decideWithHeuristics(input([failed, ok], { hints: tightened })).actions).toEqual([]);
  });

  it('never tightens below the floor', () => {
    const decision = decideWithHeuristics(input([failed, failed], { floorMs: 10 * 60_000 }));
    expect(decision.actions[0]).toMatchObject({ input: { intervalMs: 10 * 60_000 } });
    expect(decideWithHeuristics(input([failed, failed], { floorMs: BASELINE_MS })).actions).toEqual([]);
  });

  it('keeps a tightened cadence that still has time left instead of re-proposing it', () => {
    expect(decideWithHeuristics(input([failed, failed, failed], { hints: tightened })).actions).toEqual([]);
  });

  it('clears the hints after three healthy runs following a tightened period, not before', () => {
    expect(decideWithHeuristics(input([ok, ok, failed, failed], { hints: tightened })).actions).toEqual([]);
    const decision = decideWithHeuristics(input([ok, ok, ok, failed, failed], { hints: tightened }));
    expect(decision.actions.map((action) => action.tool)).toEqual(['clear_hints']);
  });

  it('keeps the baseline for a flapping endpoint', () => {
    expect(decideWithHeuristics(input([failed, ok, failed, ok, failed, ok])).actions).toEqual([]);
  });

  it('pauses a noisy endpoint its description calls non-critical, for a bounded time', () => {
    const decision = decideWithHeuristics(
      input([failed, failed, failed, ok, ok], { description: 'Non-critical cache warmer' }),
    );
    const [action] = decision.actions;
    expect(action?.tool).toBe('pause_until');
    const until = Date.parse((action?.input as { until: string } | undefined)?.until ?? '');
    expect(until - NOW).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it('leaves an endpoint a person paused alone', () => {
    const hints = { ...tightened, isPausedByPerson: true };
    expect(decideWithHeuristics(input([failed, failed], { hints })).actions).toEqual([]);
  });

  it('fires a one-shot when a sibling the description depends on reports ready', () => {
    const decision = decideWithHeuristics(
      input([ok, ok], {
        description: 'Download the export once "build export" is ready',
        siblings: [{ name: 'build export', isReady: true, latestRunAtMs: NOW - 1_000 }],
      }),
    );
    expect(decision.actions.map((action) => action.tool)).toEqual(['propose_one_shot']);
  });

  it('counts collapsed runs as consecutive runs', () => {
    expect(decideWithHeuristics(input([{ ...failed, count: 2 }, ok])).actions[0]?.tool).toBe('propose_interval');
  });
});
