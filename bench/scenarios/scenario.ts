import type { BenchFlags, ScenarioInfo } from '../cli';
import type { BenchEnvironment } from '../harness/environment';
import type { BenchSettings } from '../harness/settings';
import type { ScenarioOutcome } from '../report';

export interface ScenarioContext {
  /** Started on first use, so a pure-CPU scenario runs before anything loads the machine. */
  environment: () => Promise<BenchEnvironment>;
  settings: BenchSettings;
  flags: BenchFlags;
}

export interface Scenario extends ScenarioInfo {
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}

/** A default size times BENCH_SCALE, unless a flag sets it. */
export function sized(flag: number | undefined, base: number, scale: number): number {
  return flag ?? Math.max(1, Math.round(base * scale));
}
