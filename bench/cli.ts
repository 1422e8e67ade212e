/** `pnpm bench` arguments: scenario names and the sizing flags each scenario accepts. */

export type FlagName = 'endpoints' | 'seconds' | 'runs';

export interface ScenarioInfo {
  name: string;
  /** One line for --help. */
  summary: string;
  flags: readonly FlagName[];
}

export interface BenchFlags {
  endpoints?: number;
  seconds?: number;
  /** Run history depths; `--runs 1000000,10000000` measures each. */
  runs?: number[];
}

export type BenchCommand = { kind: 'help' } | { kind: 'run'; scenarios: string[]; flags: BenchFlags };

/** Bad arguments or settings: the message says what was wrong and how to write it. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

const FLAG_HELP: Record<FlagName, { value: string; example: string; text: string }> = {
  endpoints: {
    value: 'N',
    example: '2000',
    text: 'registered endpoints (the rate, for baseline)',
  },
  seconds: { value: 'S', example: '60', text: 'length of the measured window in seconds' },
  runs: {
    value: 'N[,N...]',
    example: '1000000,10000000',
    text: 'recorded runs (runs-api: one measurement per depth; history)',
  },
};

function positiveWhole(flag: FlagName, raw: string | undefined): number {
  const value = Number(raw?.replaceAll('_', ''));
  if (raw === undefined || raw === '' || !Number.isInteger(value) || value <= 0) {
    throw new BenchUsageError(
      `--${flag} needs a positive whole number${raw === undefined ? '' : ` (got "${raw}")`}, e.g. --${flag} ${FLAG_HELP[flag].example}`,
    );
  }
  return value;
}

export function parseBenchArguments(args: readonly string[], scenarios: readonly ScenarioInfo[]): BenchCommand {
  const known = new Map(scenarios.map((scenario) => [scenario.name, scenario]));
  const names: string[] = [];
  const flags: BenchFlags = {};
  const given = new Set<FlagName>();
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--help' || arg === '-h' || arg === 'help') return { kind: 'help' };
    if (arg.startsWith('-')) {
      const [flagPart, inlineValue] = arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
      const flag = flagPart?.replace(/^--?/, '') as FlagName;
      if (!(flag in FLAG_HELP)) {
        throw new BenchUsageError(
          `unknown flag ${flagPart}; the flags are ${Object.keys(FLAG_HELP)
            .map((name) => `--${name}`)
            .join(', ')} (pnpm bench --help)`,
        );
      }
      const raw = inlineValue ?? args[index + 1];
      if (inlineValue === undefined) index += 1;
      if (flag === 'runs') {
        flags.runs = (raw ?? '').split(',').map((part) => positiveWhole('runs', part || undefined));
      } else {
        flags[flag] = positiveWhole(flag, raw?.startsWith('-') ? undefined : raw);
      }
      given.add(flag);
      continue;
    }
    if (!known.has(arg)) {
      throw new BenchUsageError(
        `unknown scenario "${arg}"; the scenarios are ${[...known.keys()].join(', ')} (pnpm bench --help)`,
      );
    }
    if (!names.includes(arg)) names.push(arg);
  }
  const selected = names.length > 0 ? names : [...known.keys()];
  for (const flag of given) {
    const takers = selected.filter((name) => known.get(name)?.flags.includes(flag));
    if (takers.length === 0) {
      const accepting = scenarios.filter((scenario) => scenario.flags.includes(flag)).map((scenario) => scenario.name);
      throw new BenchUsageError(
        `--${flag} does not apply to ${selected.join(', ')}; it sizes ${accepting.join(', ')}, e.g. pnpm bench ${accepting[0]} --${flag} ${FLAG_HELP[flag].example}`,
      );
    }
  }
  return { kind: 'run', scenarios: selected, flags };
}

export function helpText(scenarios: readonly ScenarioInfo[]): string {
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length));
  const flagWidth = Math.max(...Object.entries(FLAG_HELP).map(([name, help]) => name.length + help.value.length + 3));
  return [
    'Usage: pnpm bench [scenario...] [flags]   (no scenario: all of them, in this order)',
    '',
    'Scenarios:',
    ...scenarios.map(
      (scenario) =>
        `  ${scenario.name.padEnd(width)}  ${scenario.summary}${scenario.flags.length > 0 ? ` [${scenario.flags.map((flag) => `--${flag}`).join(' ')}]` : ''}`,
    ),
    '',
    'Flags:',
    ...Object.entries(FLAG_HELP).map(
      ([name, help]) => `  ${`--${name} ${help.value}`.padEnd(flagWidth)}  ${help.text}`,
    ),
    `  ${'--help'.padEnd(flagWidth)}  this text`,
    '',
    'Examples:',
    '  pnpm bench scale --endpoints 400000 --seconds 120',
    '  pnpm bench precision --seconds 120',
    '  pnpm bench saturation --seconds 60',
    '  pnpm bench runs-api --runs 1000000,10000000',
    '',
    'Environment: BENCH_DATABASE_URL (a PostgreSQL server URL; else TEST_DATABASE_URL, else an embedded server),',
    '  BENCH_SCALE (multiplies default sizes, 1), BENCH_WORKERS (2), BENCH_BATCH_SIZE (100), BENCH_POLLERS (4),',
    '  BENCH_PROFILE_DIR (write a V8 CPU profile of each engine worker there).',
    'Every run writes bench/results/latest.json (and a timestamped copy) and prints a markdown summary.',
  ].join('\n');
}
