import { log } from '../harness/log';
import { type RunsApiResult, runRunsApiScenario, runsApiTable } from './runs-api-measure';
import { type Scenario, sized } from './scenario';

/** Issue 14 §2/§3: health and overview p99 ≤ 50 ms at 1M runs; runs list p99 ≤ 50 ms at 10M. */
const TARGET_P99_MS = 50;

export const runsApiScenario: Scenario = {
  name: 'runs-api',
  summary: 'endpoint/job health, overview and run list latency on one endpoint with 1,000,000 runs',
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
      },
      text: measurements.map(runsApiTable).join('\n\n'),
    };
  },
};
