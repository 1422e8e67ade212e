/**
 * The engine under load, shared by the engine scenarios: seed a fresh database, start the workers,
 * measure one window, read back lateness, cost, queue size and the CPU split.
 */
import os from 'node:os';
import { createBoss, QUEUE } from '@cronwise/jobs';
import pg from 'pg';
import { CpuMeter, type CpuSplit, cpuSplitText } from '../harness/cpu';
import { type EngineStats, EngineWorkerPool } from '../harness/engine-workers';
import type { BenchEnvironment } from '../harness/environment';
import { log } from '../harness/log';
import type { BenchSettings } from '../harness/settings';
import {
  jobTableRows,
  type LatenessResult,
  measureFor,
  pollUntil,
  round,
  runLateness,
  tableRowsRead,
  unfinishedJobs,
  waitUntil,
} from '../measure';
import type { ScenarioReport } from '../report';
import { seedEndpoints, seedHistoryRuns } from '../seeding';

const STEADY_AFTER_MS = 10_000;
/** Time to start the workers after seeding, before the first occurrence falls due. */
const WORKER_START_MS = 25_000;
/** Seeding cost on 2 busy cores, to place the first occurrence after seeding ends. */
const SEED_MS_PER_ENDPOINT = 0.2;
const SEED_MS_PER_HISTORY_RUN = 0.06;
/** How long the occurrences due in a demand-limited window may take to finish after it. */
const DRAIN_TIMEOUT_MS = 60_000;

export interface EngineWindowPlan<Extra extends object> {
  scenario: string;
  endpoints: number;
  intervalMs: number;
  users: number;
  /** First occurrences spread over this span from the window's start. */
  spreadMs: number;
  windowMs: number;
  historyRuns?: number;
  /**
   * demand: every occurrence planned in the window (the window is drained afterwards);
   * saturated: what started in the window (a backlog that cannot drain).
   */
  mode: 'demand' | 'saturated';
  /** Extra measurements on the finished database, before it is dropped. */
  inspect?: (client: pg.Client, window: { start: Date; end: Date }) => Promise<Extra>;
}

export interface EngineWindowReport extends ScenarioReport {
  executionsPerSecond: number;
  endpoints: number;
  demandPerSecond: number;
  durationSeconds: number;
  executions: number;
  /** Occurrences due in the window still unfinished when the measurement gave up waiting (demand mode). */
  unfinishedAfterDrain: number | null;
  historyRuns: number;
  cpuPercent: CpuSplit;
  loadAverageAtWindowStart: number[];
}

function costPerExecution(before: EngineStats, after: EngineStats, readsBefore: number, readsAfter: number) {
  const executions = after.executions - before.executions;
  if (executions <= 0) return { queriesPerExecution: null, rowsReadPerExecution: null };
  const statements = after.statements - before.statements + 2 * (after.batches - before.batches);
  return {
    queriesPerExecution: round(statements / executions, 3),
    rowsReadPerExecution: round((readsAfter - readsBefore) / executions, 1),
  };
}

export async function measureEngineWindow<Extra extends object = object>(
  env: BenchEnvironment,
  settings: BenchSettings,
  plan: EngineWindowPlan<Extra>,
): Promise<EngineWindowReport & Extra> {
  return env.withDatabase(plan.scenario, async (databaseUrl) => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'cronwise-bench' });
    await client.connect();
    const boss = createBoss({ databaseUrl, poolSize: 4 });
    await boss.start();
    const workers = new EngineWorkerPool(settings);
    try {
      const leadMs =
        WORKER_START_MS + plan.endpoints * SEED_MS_PER_ENDPOINT + (plan.historyRuns ?? 0) * SEED_MS_PER_HISTORY_RUN;
      const start = new Date(Date.now() + leadMs);
      await seedEndpoints(client, boss, {
        endpoints: plan.endpoints,
        intervalMs: plan.intervalMs,
        users: plan.users,
        spreadMs: plan.spreadMs,
        startAt: start,
        targetUrl: env.targetUrl,
      });
      if (plan.historyRuns) await seedHistoryRuns(client, plan.historyRuns);
      await workers.start(databaseUrl);
      log(
        `${plan.scenario}: ${settings.workers} workers ready; the window opens at ${start.toISOString().slice(11, 19)}`,
      );

      await waitUntil(start);
      const loadAverageAtWindowStart = os.loadavg().map((value) => round(value, 2));
      const cpu = new CpuMeter({ client, workerPids: () => workers.pids(), targetPid: env.targetPid });
      await cpu.start();
      log(`${plan.scenario}: measuring ${plan.windowMs / 1000} s (${plan.mode})`);
      // Cost counters from the first stats lines inside the window to the first after it.
      const costStart = workers.nextStats().then(async (stats) => ({ stats, reads: await tableRowsRead(client) }));
      // Awaited after the window; until then a failure must not count as unhandled.
      costStart.catch(() => {});
      await measureFor(plan.windowMs);
      const end = new Date();
      const cpuPercent = await cpu.stop();
      const rowsInJobTable = await jobTableRows(client);

      let unfinishedAfterDrain: number | null = null;
      if (plan.mode === 'demand') {
        const isDrained = await pollUntil(
          async () => (await unfinishedJobs(client, QUEUE.executeOccurrence, end)) === 0,
          { what: 'occurrences due in the window', timeoutMs: DRAIN_TIMEOUT_MS },
        );
        unfinishedAfterDrain = isDrained ? 0 : await unfinishedJobs(client, QUEUE.executeOccurrence, end);
        if (!isDrained) log(`${plan.scenario}: ${unfinishedAfterDrain} occurrences due in the window never finished`);
      }
      const { stats: statsBefore, reads: readsBefore } = await costStart;
      const statsAfter = await workers.nextStats();
      const readsAfter = await tableRowsRead(client);
      await workers.stop();

      const by = plan.mode === 'demand' ? 'plannedAt' : 'startedAt';
      const whole: LatenessResult = await runLateness(client, { from: start, to: end, by });
      const steady =
        plan.windowMs > STEADY_AFTER_MS
          ? await runLateness(client, { from: new Date(start.getTime() + STEADY_AFTER_MS), to: end, by })
          : { count: 0, lateness: null };
      const extra = plan.inspect ? await plan.inspect(client, { start, end }) : ({} as Extra);
      const seconds = (end.getTime() - start.getTime()) / 1000;
      return {
        scenario: plan.scenario,
        executionsPerSecond: Math.round(whole.count / seconds),
        latenessMs: whole.lateness,
        steadyLatenessMs: steady.lateness,
        ...costPerExecution(statsBefore, statsAfter, readsBefore, readsAfter),
        jobTableRows: rowsInJobTable,
        endpoints: plan.endpoints,
        demandPerSecond: round((plan.endpoints * 1000) / plan.intervalMs, 1),
        durationSeconds: round(seconds, 1),
        executions: whole.count,
        unfinishedAfterDrain,
        historyRuns: plan.historyRuns ?? 0,
        cpuPercent,
        loadAverageAtWindowStart,
        ...extra,
      };
    } finally {
      await workers.stop();
      await boss.stop({ graceful: false });
      await client.end();
    }
  });
}

export function engineWindowText(report: EngineWindowReport): string {
  return `${report.scenario}: ${report.endpoints.toLocaleString('en-US')} endpoints, demand ${report.demandPerSecond}/s, ${report.executions} executions in ${report.durationSeconds} s; CPU % of one core: ${cpuSplitText(report.cpuPercent)}`;
}
