import { cpuSplitText } from '../harness/cpu';
import { measureRawDemand } from './raw-pgboss';
import { type Scenario, sized } from './scenario';

/** Raw pg-boss at the throughput scenario's demand: the same due times, a no-op handler. */
export const baselineScenario: Scenario = {
  name: 'baseline',
  summary: 'raw pg-boss, no-op handler, jobs due at 2,000/s for 60 s (the throughput demand)',
  flags: ['endpoints', 'seconds'],
  async run({ environment, settings, flags }) {
    const result = await measureRawDemand(await environment(), settings, {
      ratePerSecond: sized(flags.endpoints, 2_000, settings.scale),
      seconds: flags.seconds ?? 60,
    });
    return {
      report: {
        scenario: 'baseline',
        ...result,
        queriesPerExecution: null,
        rowsReadPerExecution: null,
      },
      text: `baseline (raw pg-boss): demand ${result.demandPerSecond}/s, ${result.executions} jobs; CPU %: ${cpuSplitText(result.cpuPercent)}`,
    };
  },
};
