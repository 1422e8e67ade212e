import { describe, expect, it } from 'vitest';
import { crossScenarioRatios, formatLateness, type ScenarioReport, summaryTable } from './report';

function report(scenario: string, executionsPerSecond: number | null): ScenarioReport {
  return {
    scenario,
    executionsPerSecond,
    latenessMs: executionsPerSecond === null ? null : { p50: 1, p95: 3, p99: 10, max: 263 },
    steadyLatenessMs: null,
    queriesPerExecution: 0.08,
    rowsReadPerExecution: null,
    jobTableRows: 42,
  };
}

describe('the bench report', () => {
  it('relates scenarios of one invocation, and leaves a ratio out when either side is missing', () => {
    expect(crossScenarioRatios([report('throughput', 1_950), report('baseline', 2_000)])).toEqual({
      throughputVsBaseline: 0.975,
      historyVsThroughput: null,
    });
    expect(crossScenarioRatios([report('history', 1_000), report('throughput', 0)])).toEqual({
      throughputVsBaseline: null,
      historyVsThroughput: null,
    });
  });

  it('prints one row per scenario with a dash where a field does not apply', () => {
    const table = summaryTable([report('precision', 833), report('runs-api', null)]).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toBe('| precision | 833 | 1 / 3 / 10 / 263 | – | 0.08 | – | 42 |');
    expect(table[3]).toBe('| runs-api | – | – | – | 0.08 | – | 42 |');
  });

  it('spells out lateness percentiles', () => {
    expect(formatLateness({ p50: 1, p95: 3, p99: 10, max: 263 })).toBe('p50 1, p95 3, p99 10, max 263 ms');
    expect(formatLateness(null)).toBe('–');
  });
});
