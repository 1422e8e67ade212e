import { log } from '../harness/log';
import { type RunsApiResult, runRunsApiScenario, runsApiTable } from './runs-api-measure';
import { type Scenario, sized } from './scenario';

/** Issue 14 §2/§3: health and overview p99 ≤ 50 ms at 1M runs; runs list p99 ≤ 50 ms at 10M. */
const TARGET_P99_MS = 50;

export const runsApiScenario: Scenario = {
  name: 'runs-api',
  summary:
    'endpoint/job health, overview and run list latency on one endpoint with 1,000,000 runs, then the retention pass deleting 50,000 expired runs',
  flags: ['runs'],
  async run({ environment, settings, flags }) {
    const env = await environment();
    const depths = flags.runs ?? [sized(undefined, 1_000_000, settings.scale)];
    const measurements: RunsApiResult[] = [];
    for (const runs of depths) {
      measurements.push(
        await env.withDatabase(`runs_api_${runs}`, (databaseUrl) => runRunsApiScenario(databaseUrl, { runs, log })),
      );
    }
    const deepest = measurements.at(-1);
    const shallowest = measurements[0];
    // The same number of expired runs deleted at each depth: about 1 means retention cost is independent of size.
    const retentionCostRatio =
      deepest && shallowest && deepest !== shallowest && shallowest.retention.totalMs > 0
        ? Math.round((deepest.retention.totalMs / shallowest.retention.totalMs) * 100) / 100
        : null;
    const worstP99 = (result: RunsApiResult) =>
      Math.max(...Object.values(result.latencyMs).map((latency) => latency.p99));
    return {
      report: {
        scenario: 'runs-api',
        executionsPerSecond: null,
        latenessMs: null,
        steadyLatenessMs: null,
        queriesPerExecution: null,
        rowsReadPerExecution: null,
        jobTableRows: null,
        targetP99Ms: TARGET_P99_MS,
        meetsTarget: measurements.every((result) => worstP99(result) <= TARGET_P99_MS),
        latencyMs: deepest?.latencyMs ?? null,
        depths: measurements,
        retentionCostRatio,
      },
      text: [
        ...measurements.map(runsApiTable),
        ...(retentionCostRatio === null
          ? []
          : [
              `retention cost at ${deepest?.runs.toLocaleString('en-US')} runs / at ${shallowest?.runs.toLocaleString('en-US')} runs = ${retentionCostRatio}`,
            ]),
      ].join('\n\n'),
    };
  },
};
