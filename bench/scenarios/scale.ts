import { engineWindowText, measureEngineWindow } from './engine-window';
import { type Scenario, sized } from './scenario';

/** Registered endpoints far beyond the due work: costs must follow the work, not the registrations. */
export const scaleScenario: Scenario = {
  name: 'scale',
  summary: '1,000,000 endpoints on hourly schedules spread over the hour, 300 s',
  flags: ['endpoints', 'seconds'],
  async run({ environment, settings, flags }) {
    const endpoints = sized(flags.endpoints, 1_000_000, settings.scale);
    const report = await measureEngineWindow(await environment(), settings, {
      scenario: 'scale',
      endpoints,
      intervalMs: 3_600_000,
      users: Math.min(1_000, Math.max(1, Math.round(endpoints / 1_000))),
      spreadMs: 3_600_000,
      windowMs: (flags.seconds ?? 300) * 1_000,
      mode: 'demand',
    });
    return { report, text: engineWindowText(report) };
  },
};
