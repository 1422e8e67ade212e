/**
 * `pnpm bench [scenario...] [--endpoints N] [--seconds S] [--runs N]`: the execution engine under
 * load, compared with raw pg-boss in the same run on the same machine (these machines are noisy:
 * read the ratios). `pnpm bench --help` lists the scenarios. Every run writes
 * bench/results/latest.json.
 *
 * Layout: cli.ts (arguments), harness/ (PostgreSQL, target, worker processes, CPU), seeding.ts,
 * measure.ts, scenarios/ (one file each), report.ts.
 */
import { BenchUsageError, helpText, parseBenchArguments } from './cli';
import { BenchEnvironment } from './harness/environment';
import { log } from './harness/log';
import { stopAllProcesses } from './harness/processes';
import { readBenchSettings } from './harness/settings';
import {
  commitInfo,
  crossScenarioRatios,
  machineInfo,
  type ScenarioOutcome,
  type ScenarioReport,
  summaryTable,
  writeResults,
} from './report';
import { SCENARIOS } from './scenarios';

async function main(args: string[]): Promise<void> {
  const command = parseBenchArguments(args, SCENARIOS);
  if (command.kind === 'help') {
    console.log(helpText(SCENARIOS));
    return;
  }
  const settings = readBenchSettings();
  const startedAt = new Date();
  const machine = machineInfo();
  const commit = commitInfo();
  log(
    `scenarios ${command.scenarios.join(', ')}; ${settings.workers} workers × ${settings.pollers} pollers × batch ${settings.batchSize}; ${machine.nproc} cores, load ${machine.loadAverageAtStart.join(' ')}`,
  );

  let environment: BenchEnvironment | null = null;
  const stopEnvironment = async () => {
    await stopAllProcesses();
    await environment?.stop();
    environment = null;
  };
  process.once('SIGINT', () => {
    log('interrupted: stopping workers and dropping the benchmark databases');
    void stopEnvironment().finally(() => process.exit(130));
  });
  const context = {
    settings,
    flags: command.flags,
    environment: async () => {
      if (!environment) {
        environment = new BenchEnvironment();
        await environment.start();
      }
      return environment;
    },
  };

  const outcomes: ScenarioOutcome[] = [];
  const failures: string[] = [];
  try {
    for (const name of command.scenarios) {
      const scenario = SCENARIOS.find((candidate) => candidate.name === name);
      if (!scenario) continue;
      log(`${name}: starting`);
      try {
        outcomes.push(await scenario.run(context));
      } catch (error) {
        // One broken scenario must not cost the others' numbers: report it and go on.
        console.error(error);
        failures.push(name);
        outcomes.push({ report: failedReport(name, error) });
      }
    }
  } finally {
    await stopEnvironment();
  }

  const reports = outcomes.map((outcome) => outcome.report);
  const file = await writeResults({ command: args, startedAt, machine, commit, settings, reports });
  console.log(summaryTable(reports));
  for (const outcome of outcomes) if (outcome.text) console.log(`\n${outcome.text}`);
  const ratios = crossScenarioRatios(reports);
  if (ratios.throughputVsBaseline !== null || ratios.historyVsThroughput !== null) {
    console.log(
      `\nratios: throughput / raw pg-boss baseline = ${ratios.throughputVsBaseline ?? '–'}; history / throughput = ${ratios.historyVsThroughput ?? '–'}`,
    );
  }
  console.log(
    `${failures.length > 0 ? `\nFAILED: ${failures.join(', ')} (errors above)` : ''}\nsettings: ${JSON.stringify(settings)}; load at start ${machine.loadAverageAtStart.join(' ')} on ${machine.nproc} cores; commit ${commit.commit?.slice(0, 12) ?? 'unknown'}${commit.hasUncommittedChanges ? ' (with uncommitted changes)' : ''}; JSON: ${file}`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

function failedReport(scenario: string, error: unknown): ScenarioReport {
  return {
    scenario,
    executionsPerSecond: null,
    latenessMs: null,
    steadyLatenessMs: null,
    queriesPerExecution: null,
    rowsReadPerExecution: null,
    jobTableRows: null,
    error: error instanceof Error ? error.message : String(error),
  };
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof BenchUsageError) {
    console.error(`pnpm bench: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
