import { formatLateness } from '../report';
import { engineWindowText, measureEngineWindow } from './engine-window';
import { type Scenario, sized } from './scenario';

/** Issue 14 §5: lateness p50 ≤ 10 ms and p99 ≤ 100 ms. */
const TARGET_MS = { p50: 10, p99: 100 };

/** Many endpoints at a modest rate: how close to the planned instant each occurrence starts. */
export const precisionScenario: Scenario = {
  name: 'precision',
  summary: '50,000 endpoints at 60 s intervals, start times spread over the minute; lateness p50/p95/p99/max',
  flags: ['endpoints', 'seconds'],
  async run({ environment, settings, flags }) {
    const endpoints = sized(flags.endpoints, 50_000, settings.scale);
    const report = await measureEngineWindow(await environment(), settings, {
      scenario: 'precision',
      endpoints,
      intervalMs: 60_000,
      users: Math.max(1, Math.min(50, Math.round(endpoints / 1_000))),
      spreadMs: 60_000,
      windowMs: (flags.seconds ?? 120) * 1_000,
      mode: 'demand',
    });
    const lateness = report.latenessMs;
    const meetsTarget = lateness !== null && lateness.p50 <= TARGET_MS.p50 && lateness.p99 <= TARGET_MS.p99;
    return {
      report: { ...report, targetMs: TARGET_MS, meetsTarget },
      text: [
        engineWindowText(report),
        `precision: lateness ${formatLateness(lateness)}; steady ${formatLateness(report.steadyLatenessMs)} (target p50 ≤ ${TARGET_MS.p50} ms, p99 ≤ ${TARGET_MS.p99} ms: ${meetsTarget ? 'met' : 'not met'})`,
      ].join('\n'),
    };
  },
};
