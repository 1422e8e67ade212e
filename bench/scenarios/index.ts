import { baselineScenario } from './baseline';
import { burstScenario } from './burst';
import { historyScenario } from './history';
import { precisionScenario } from './precision';
import { runsApiScenario } from './runs-api';
import { saturationScenario } from './saturation';
import { scaleScenario } from './scale';
import type { Scenario } from './scenario';
import { schedulesScenario } from './schedules';
import { throughputScenario } from './throughput';

/** Every scenario, in the order `pnpm bench` with no names runs them (pure CPU first). */
export const SCENARIOS: readonly Scenario[] = [
  schedulesScenario,
  baselineScenario,
  throughputScenario,
  burstScenario,
  historyScenario,
  precisionScenario,
  saturationScenario,
  runsApiScenario,
  scaleScenario,
];
