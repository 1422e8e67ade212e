import { engineWindowText, measureEngineWindow } from './engine-window';
import { type Scenario, sized } from './scenario';

/** The throughput scenario on accounts with a long run history: the cost must not follow the history. */
export const historyScenario: Scenario = {
  name: 'history',
  summary: 'throughput with 1,000,000 runs already recorded this month',
  flags: ['endpoints', 'seconds', 'runs'],
  async run({ environment, settings, flags }) {
    const report = await measureEngineWindow(await environment(), settings, {
      scenario: 'history',
      endpoints: sized(flags.endpoints, 2_000, settings.scale),
      intervalMs: 1_000,
      users: 2,
      spreadMs: 1_000,
      windowMs: (flags.seconds ?? 60) * 1_000,
      historyRuns: sized(flags.runs?.[0], 1_000_000, settings.scale),
      mode: 'demand',
    });
    return { report, text: engineWindowText(report) };
  },
};
