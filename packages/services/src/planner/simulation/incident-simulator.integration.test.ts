import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeJob, makeUser } from '@cronwise/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, ManualClock, plannerDependencies, startEngineHarness, TargetServer } from '../../testing';
import type { PlannerDependencies } from '../planner-dependencies';
import {
  formatReport,
  incidentMetrics,
  personPause,
  type Scenario,
  type SimulationContext,
  simulate,
  type TargetAnswer,
} from './incident-simulator';

// `pnpm simulate` runs this file and prints the report it writes.
const REPORT_PATH = path.resolve(import.meta.dirname, '../../../../../.reports/simulation.md');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BASELINE = 20 * MINUTE;
const DEGRADATION_AT = 6 * HOUR + 10 * MINUTE;
const FAILING_AT = 7 * HOUR;
const RECOVERY_AT = 8 * HOUR;
const HEALTHY_AGAIN_AT = 8 * HOUR + 30 * MINUTE;

let harness: EngineHarness;
let target: TargetServer;
let deps: PlannerDependencies;
// The virtual day starts at the next full hour of real time, not at a fixed date: pg-boss's own
// maintenance runs in real time and deletes queued jobs whose start time lies more than a day in
// the past, which silently dropped occurrences of a fixed-date day once the real date moved on.
const SIMULATION_START = new Date(Math.ceil(Date.now() / HOUR) * HOUR);
const clock = new ManualClock(SIMULATION_START);
const report: string[] = ['# Incident simulator', ''];

beforeAll(async () => {
  harness = await startEngineHarness({ clock });
  deps = plannerDependencies(harness.deps);
  target = await TargetServer.start();
});
afterAll(async () => {
  await target.close();
  await harness.close();
  await mkdir(path.dirname(REPORT_PATH), { recursive: true });
  await writeFile(REPORT_PATH, report.join('\n'));
});

async function context(): Promise<SimulationContext> {
  clock.set(SIMULATION_START);
  const user = await makeUser(deps.db, { tier: 'pro' });
  const job = await makeJob(deps.db, user.id);
  return { deps, clock, target, owner: { userId: user.id, jobId: job.id } };
}

/** healthy → degrading (slow, status degraded) → failing (503) → recovering → healthy. */
function incident(elapsedMs: number): TargetAnswer {
  if (elapsedMs < DEGRADATION_AT) return { status: 200, body: { status: 'ok', queue_depth: 3 }, delayMs: 0 };
  if (elapsedMs < FAILING_AT) return { status: 200, body: { status: 'degraded', queue_depth: 800 }, delayMs: 250 };
  if (elapsedMs < RECOVERY_AT) return { status: 503, body: { status: 'down' }, delayMs: 0 };
  if (elapsedMs < HEALTHY_AGAIN_AT) return { status: 200, body: { status: 'ok', queue_depth: 40 }, delayMs: 20 };
  return { status: 200, body: { status: 'ok', queue_depth: 3 }, delayMs: 0 };
}

const comparison: Scenario['endpoints'] = [
  // The endpoint's own minimum (4 min) sits above the plan minimum (10 s on pro): the one to respect.
  {
    key: 'planner',
    intervalMs: BASELINE,
    aiMode: 'auto',
    description: 'Order sync health check',
    minIntervalMs: 4 * MINUTE,
  },
  { key: 'baseline', intervalMs: BASELINE, aiMode: 'off' },
  { key: 'fast', intervalMs: BASELINE / 4, aiMode: 'off' },
];

describe('incident simulator (heuristic model)', () => {
  it('tightens within one baseline interval, spends ≤ 40% of the fast schedule, relaxes within two', {
    timeout: 300_000,
  }, async () => {
    const result = await simulate(await context(), {
      name: 'incident',
      durationMs: 24 * HOUR,
      endpoints: comparison,
      behaviour: (_key, elapsedMs) => incident(elapsedMs),
    });
    const metrics = incidentMetrics(result, {
      plannerKey: 'planner',
      degradationAtMs: DEGRADATION_AT,
      recoveryAtMs: RECOVERY_AT,
    });
    const share = (metrics.calls.planner ?? 0) / (metrics.calls.fast ?? 1);
    report.push(
      formatReport(
        'Incident: healthy → degrading → failing → recovering → healthy (24 h, baseline 20 min)',
        result,
        metrics,
        [
          `planner calls are ${Math.round(share * 100)} % of the fixed fast schedule (every 5 min)`,
          'the fixed baseline never changes cadence, so it detects nothing and relaxes nothing',
        ],
      ),
    );

    expect(metrics.detectionDelayMs).not.toBeNull();
    expect(metrics.detectionDelayMs ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(BASELINE);
    expect(share).toBeLessThanOrEqual(0.4);
    expect(metrics.relaxationDelayMs).not.toBeNull();
    expect(metrics.relaxationDelayMs ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(2 * BASELINE);
    expect(metrics.smallestGapMs).toBeGreaterThanOrEqual(4 * MINUTE);
    expect(result.cadence.some((change) => change.kinds.includes('interval'))).toBe(true);
    expect(result.cadence.every((change) => change.explanation.length > 0)).toBe(true);
    // Every session that called the model recorded its (estimated) tokens.
    expect(result.sessionTokens.length).toBeGreaterThan(0);
    expect(result.sessionTokens.every((tokens) => tokens > 0)).toBe(true);
  });

  it('does not oscillate on a flapping target', { timeout: 300_000 }, async () => {
    const result = await simulate(await context(), {
      name: 'flapping',
      durationMs: 8 * HOUR,
      endpoints: [{ key: 'flapping', intervalMs: BASELINE, aiMode: 'auto' }],
      behaviour: (_key, _elapsedMs, call) =>
        call % 2 === 0
          ? { status: 503, body: { status: 'down' }, delayMs: 0 }
          : { status: 200, body: { status: 'ok' }, delayMs: 0 },
    });
    report.push(
      formatReport('Flapping target (alternates 200 / 503, 8 h)', result, null, [
        `${result.runs.get('flapping')?.length ?? 0} runs, ${result.cadence.length} cadence change(s)`,
      ]),
    );

    expect(result.runs.get('flapping')?.length ?? 0).toBeGreaterThan(15);
    expect(result.cadence.filter((change) => change.kinds.includes('interval'))).toEqual([]);
    expect(result.cadence.length).toBeLessThanOrEqual(2);
  });

  it('fires a one-shot on a sibling when an endpoint reports ready', { timeout: 300_000 }, async () => {
    const READY_AT = 3 * HOUR + 10 * MINUTE;
    const result = await simulate(await context(), {
      name: 'sibling',
      durationMs: 8 * HOUR,
      endpoints: [
        { key: 'build-export', intervalMs: HOUR, aiMode: 'auto', description: 'Builds the nightly export' },
        {
          key: 'download-export',
          intervalMs: 6 * HOUR,
          aiMode: 'auto',
          description: 'Downloads the export once build-export reports it is ready',
        },
      ],
      behaviour: (key, elapsedMs) =>
        key === 'build-export'
          ? { status: 200, body: { ready: elapsedMs >= READY_AT }, delayMs: 0 }
          : { status: 200, body: { downloaded: true }, delayMs: 0 },
    });
    const readyRun = result.runs.get('build-export')?.find((run) => run.atMs >= READY_AT);
    const followUp = result.runs.get('download-export')?.find((run) => run.source === 'ai-oneshot');
    report.push(
      formatReport(
        'Sibling: "build-export" reports ready → one-shot on "download-export" (baseline 6 h)',
        result,
        null,
        [
          `ready seen at ${Math.round((readyRun?.atMs ?? 0) / MINUTE)} min; follow-up run at ${Math.round((followUp?.atMs ?? 0) / MINUTE)} min`,
        ],
      ),
    );

    expect(readyRun).toBeDefined();
    expect(followUp).toBeDefined();
    expect((followUp?.atMs ?? 0) - (readyRun?.atMs ?? 0)).toBeLessThanOrEqual(5 * MINUTE);
    expect(followUp?.atMs ?? 0).toBeLessThan(6 * HOUR);
  });

  it('never acts during a pause set by a person', { timeout: 300_000 }, async () => {
    const PAUSED_AT = 6 * HOUR;
    const RESUMED_AT = 9 * HOUR;
    const result = await simulate(await context(), {
      name: 'person pause',
      durationMs: 12 * HOUR,
      endpoints: [{ key: 'paused', intervalMs: BASELINE, aiMode: 'auto' }],
      behaviour: (_key, elapsedMs) => incident(elapsedMs),
      events: [
        { atMs: PAUSED_AT, label: 'a person pauses it', apply: personPause('paused', true) },
        { atMs: RESUMED_AT, label: 'a person resumes it', apply: personPause('paused', false) },
      ],
    });
    report.push(
      formatReport('Incident during a pause set by a person (paused 6 h → 9 h)', result, null, [
        `${result.sessions.filter((session) => session.atMs > PAUSED_AT && session.atMs < RESUMED_AT).length} analyses triggered during the pause, all skipped`,
      ]),
    );

    const runsDuringPause = (result.runs.get('paused') ?? []).filter(
      (run) => run.atMs > PAUSED_AT && run.atMs < RESUMED_AT,
    );
    expect((result.runs.get('paused') ?? []).filter((run) => run.atMs < PAUSED_AT).length).toBeGreaterThan(10);
    expect(runsDuringPause).toEqual([]);
    // Sessions triggered meanwhile were recorded as skipped, not acted on.
    expect(
      result.sessions.filter(
        (session) => session.atMs > PAUSED_AT && session.atMs < RESUMED_AT && session.outcome !== 'skipped',
      ),
    ).toEqual([]);
    expect(result.cadence.filter((change) => change.atMs > PAUSED_AT && change.atMs < RESUMED_AT)).toEqual([]);
  });
});
