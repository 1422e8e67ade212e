import { cpuSplitText } from '../harness/cpu';
import { log } from '../harness/log';
import { round } from '../measure';
import { measureOpeningBurst } from './burst';
import { engineWindowText, measureEngineWindow } from './engine-window';
import { measureRawSaturated } from './raw-pgboss';
import { type Scenario, sized } from './scenario';

/** Issue 14 §4: the engine at ≥ 0.5 × raw pg-boss, both saturated. */
const TARGET_RATIO = 0.5;
const OPENING_BURST_SECONDS = 20;

/**
 * Demand far above capacity for both: raw pg-boss drains a preloaded backlog, the engine serves
 * endpoints due every second; the ratio of their rates is measured in one run. Then the opening
 * burst (2,000 occurrences due in the same second).
 */
export const saturationScenario: Scenario = {
  name: 'saturation',
  summary:
    '10,000 endpoints at 1 s against raw pg-boss draining a backlog, both saturated, 60 s; engine/raw ratio, CPU split, then the opening burst',
  flags: ['endpoints', 'seconds'],
  async run(context) {
    const { settings, flags } = context;
    const seconds = flags.seconds ?? 60;
    const env = await context.environment();
    const raw = await measureRawSaturated(env, settings, seconds);
    log(`raw pg-boss drained ${raw.executionsPerSecond}/s`);
    const engine = await measureEngineWindow(env, settings, {
      scenario: 'saturation',
      endpoints: sized(flags.endpoints, 10_000, settings.scale),
      intervalMs: 1_000,
      users: 10,
      spreadMs: 1_000,
      windowMs: seconds * 1_000,
      mode: 'saturated',
    });
    const burst = await measureOpeningBurst(context, { seconds: OPENING_BURST_SECONDS });
    const ratio = raw.executionsPerSecond > 0 ? round(engine.executionsPerSecond / raw.executionsPerSecond, 3) : null;
    const isEngineSaturated = engine.executionsPerSecond < engine.demandPerSecond * 0.9;
    return {
      report: {
        ...engine,
        engineToRawRatio: ratio,
        targetRatio: TARGET_RATIO,
        isEngineSaturated,
        rawPgBoss: raw,
        openingBurst: burst.report,
      },
      text: [
        engineWindowText(engine),
        `raw pg-boss saturated: ${raw.executionsPerSecond}/s (${raw.completed} jobs in ${raw.durationSeconds} s, ${raw.remainingAtEnd} left of ${raw.preloaded}${raw.isSaturated ? '' : ': ran dry, a lower bound'}); CPU %: ${cpuSplitText(raw.cpuPercent)}`,
        `engine / raw pg-boss = ${ratio ?? '–'} (target ≥ ${TARGET_RATIO})${isEngineSaturated ? '' : '; the engine kept up with its demand, so it was not saturated: raise --endpoints'}`,
        burst.text,
      ].join('\n'),
    };
  },
};
