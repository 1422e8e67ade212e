import type pg from 'pg';
import { runLateness } from '../measure';
import { formatLateness } from '../report';
import { engineWindowText, measureEngineWindow } from './engine-window';
import { type Scenario, sized } from './scenario';

/** Issue 14 §4: overall p99 ≤ 1 s with 2,000 occurrences due in the same second. */
const TARGET_P99_MS = 1_000;

/** The opening second's occurrences and the whole window, for the report. */
async function openingSecond(client: pg.Client, window: { start: Date }) {
  const opening = await runLateness(client, {
    from: window.start,
    to: new Date(window.start.getTime() + 1_000),
    by: 'plannedAt',
  });
  return { openingSecond: { occurrences: opening.count, latenessMs: opening.lateness } };
}

export async function measureOpeningBurst(
  context: Parameters<Scenario['run']>[0],
  options: { endpoints?: number; seconds: number },
) {
  const report = await measureEngineWindow(await context.environment(), context.settings, {
    scenario: 'burst',
    endpoints: sized(options.endpoints, 2_000, context.settings.scale),
    intervalMs: 1_000,
    users: 2,
    spreadMs: 1_000,
    windowMs: options.seconds * 1_000,
    mode: 'demand',
    inspect: openingSecond,
  });
  const meetsTarget = report.latenessMs !== null && report.latenessMs.p99 <= TARGET_P99_MS;
  const opening = report.openingSecond;
  return {
    report: { ...report, targetP99Ms: TARGET_P99_MS, meetsTarget },
    text: [
      engineWindowText(report),
      `opening burst: ${opening.occurrences} occurrences due in the first second, their lateness ${formatLateness(opening.latenessMs)}; overall ${formatLateness(report.latenessMs)} (target p99 ≤ ${TARGET_P99_MS} ms: ${meetsTarget ? 'met' : 'not met'})`,
    ].join('\n'),
  };
}

export const burstScenario: Scenario = {
  name: 'burst',
  summary: '2,000 endpoints at 1 s, all first due in the same second; overall p99 lateness, 30 s',
  flags: ['endpoints', 'seconds'],
  run: (context) =>
    measureOpeningBurst(context, { endpoints: context.flags.endpoints, seconds: context.flags.seconds ?? 30 }),
};
