/** The report: the fields every scenario fills, the machine and commit, latest.json and the printed summary. */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@cronwise/db/migrate';
import type { BenchSettings } from './harness/settings';
import type { LatenessSummary } from './measure';

/** What every scenario reports (null where a field does not apply), plus its own fields. */
export interface ScenarioReport {
  scenario: string;
  executionsPerSecond: number | null;
  /** Over the whole window. */
  latenessMs: LatenessSummary | null;
  /** The window without its first 10 s (pools, JIT and the opening burst warmed up). */
  steadyLatenessMs: LatenessSummary | null;
  /** Engine statements plus pg-boss's fetch and completion of each batch, per execution. */
  queriesPerExecution: number | null;
  /** Table rows read in the scenario's database, per execution. */
  rowsReadPerExecution: number | null;
  /** Rows in pg-boss's job table at the end of the window. */
  jobTableRows: number | null;
  /** The scenario's own fields (ratios, CPU split, targets). */
  [field: string]: unknown;
}

export interface ScenarioOutcome {
  report: ScenarioReport;
  /** Markdown printed after the summary table. */
  text?: string;
}

export interface MachineInfo {
  nproc: number;
  loadAverageAtStart: number[];
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: os.availableParallelism(),
    loadAverageAtStart: os.loadavg().map((value) => Number(value.toFixed(2))),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export interface CommitInfo {
  commit: string | null;
  /** Uncommitted changes were present, so the numbers may not belong to `commit` alone. */
  hasUncommittedChanges: boolean | null;
}

export function commitInfo(): CommitInfo {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: REPOSITORY_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), hasUncommittedChanges: git('status', '--porcelain').length > 0 };
  } catch {
    return { commit: null, hasUncommittedChanges: null };
  }
}

/**
 * bench/results/latest.json (and a timestamped copy): the first scenario's fields at the top level,
 * so a single-scenario run reads flat, and every scenario's report under `results`.
 */
export async function writeResults(input: {
  command: string[];
  startedAt: Date;
  machine: MachineInfo;
  commit: CommitInfo;
  settings: BenchSettings;
  reports: ScenarioReport[];
}): Promise<string> {
  const [first] = input.reports;
  const document = {
    ...first,
    ratios: crossScenarioRatios(input.reports),
    at: new Date().toISOString(),
    startedAt: input.startedAt.toISOString(),
    command: `pnpm bench ${input.command.join(' ')}`.trim(),
    ...input.commit,
    machine: input.machine,
    settings: input.settings,
    results: input.reports,
  };
  const directory = path.join(REPOSITORY_ROOT, 'bench/results');
  await mkdir(directory, { recursive: true });
  const body = `${JSON.stringify(document, null, 2)}\n`;
  await writeFile(path.join(directory, `${document.at.replaceAll(':', '-')}.json`), body);
  const latest = path.join(directory, 'latest.json');
  await writeFile(latest, body);
  return path.relative(REPOSITORY_ROOT, latest);
}

/**
 * Ratios between scenarios of the same invocation (the machine is noisy, so only ratios measured
 * together mean much): the engine against raw pg-boss at the same demand, and with a long history
 * against without.
 */
export function crossScenarioRatios(reports: ScenarioReport[]) {
  const rate = (scenario: string) => reports.find((report) => report.scenario === scenario)?.executionsPerSecond;
  const ratio = (top: string, bottom: string) => {
    const [a, b] = [rate(top), rate(bottom)];
    return a && b ? Math.round((a / b) * 1000) / 1000 : null;
  };
  return {
    throughputVsBaseline: ratio('throughput', 'baseline'),
    historyVsThroughput: ratio('history', 'throughput'),
  };
}

const dash = '–';

function lateness(summary: LatenessSummary | null): string {
  return summary ? `${summary.p50} / ${summary.p95} / ${summary.p99} / ${summary.max}` : dash;
}

/** One row per scenario with the common fields. */
export function summaryTable(reports: ScenarioReport[]): string {
  const rows = reports.map(
    (report) =>
      `| ${report.scenario} | ${report.executionsPerSecond ?? dash} | ${lateness(report.latenessMs)} | ${lateness(report.steadyLatenessMs)} | ${report.queriesPerExecution ?? dash} | ${report.rowsReadPerExecution ?? dash} | ${report.jobTableRows ?? dash} |`,
  );
  return [
    '| scenario | exec/s | lateness p50 / p95 / p99 / max (ms) | steady p50 / p95 / p99 / max (ms) | queries per exec | rows read per exec | job table rows |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function formatLateness(summary: LatenessSummary | null): string {
  return summary ? `p50 ${summary.p50}, p95 ${summary.p95}, p99 ${summary.p99}, max ${summary.max} ms` : dash;
}
