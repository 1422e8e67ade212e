import { engineWindowText, measureEngineWindow } from './engine-window';
import { type Scenario, sized } from './scenario';

/** Demand at the edge of capacity: every endpoint due every second, all first due in the same second. */
export const throughputScenario: Scenario = {
  name: 'throughput',
  summary: '2,000 endpoints at 1 s intervals for 60 s (demand 2,000/s)',
  flags: ['endpoints', 'seconds'],
  async run({ environment, settings, flags }) {
    const report = await measureEngineWindow(await environment(), settings, {
      scenario: 'throughput',
      endpoints: sized(flags.endpoints, 2_000, settings.scale),
      intervalMs: 1_000,
      users: 2,
      spreadMs: 1_000,
      windowMs: (flags.seconds ?? 60) * 1_000,
      mode: 'demand',
    });
    return { report, text: engineWindowText(report) };
  },
};
