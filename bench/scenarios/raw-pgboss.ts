/** Raw pg-boss with a no-op handler in the same harness: the ceiling the engine is compared with. */
import os from 'node:os';
import { createBoss } from '@cronwise/jobs';
import pg from 'pg';
import { CpuMeter, type CpuSplit } from '../harness/cpu';
import { type BenchEnvironment, NOOP_QUEUE } from '../harness/environment';
import { log } from '../harness/log';
import { RawWorkerPool } from '../harness/raw-workers';
import type { BenchSettings } from '../harness/settings';
import {
  jobTableRows,
  type LatenessSummary,
  measureFor,
  pollUntil,
  rawJobLateness,
  rawJobsCompleted,
  round,
  tableRowsRead,
  unfinishedJobs,
  waitUntil,
} from '../measure';
import { preloadNoopJobs, scheduleNoopJobs } from '../seeding';

/**
 * More than raw pg-boss drains on 2 cores in this harness (a backlog sized for 12,600 jobs/s ran dry
 * at over 15,000/s with batch 100 and burstWhenBatchFull): a backlog of this many jobs per second of
 * window cannot run dry, so the workers stay saturated.
 */
const RAW_DRAIN_CEILING_PER_SECOND = 25_000;
const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');

export interface RawSaturatedResult {
  /** Jobs completed per second in the window: pg-boss's drain rate on this machine, now. */
  executionsPerSecond: number;
  completed: number;
  durationSeconds: number;
  preloaded: number;
  /** Jobs left when the window closed; 0 means the backlog ran dry and the rate is only a lower bound. */
  remainingAtEnd: number;
  isSaturated: boolean;
  rowsReadPerExecution: number | null;
  jobTableRows: number;
  cpuPercent: CpuSplit;
  loadAverageAtWindowStart: number[];
}

/** A backlog far larger than the workers can drain, all due now; the drain rate over `seconds`. */
export async function measureRawSaturated(
  env: BenchEnvironment,
  settings: BenchSettings,
  seconds: number,
): Promise<RawSaturatedResult> {
  return env.withDatabase('raw_saturated', async (databaseUrl) => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'cronwise-bench' });
    await client.connect();
    const producer = createBoss({ databaseUrl, poolSize: 4 });
    await producer.start();
    const workers = new RawWorkerPool(settings);
    try {
      const preloaded = Math.ceil(RAW_DRAIN_CEILING_PER_SECOND * seconds * 1.2) + 20_000;
      await preloadNoopJobs(producer, NOOP_QUEUE, preloaded);
      await client.query('ANALYZE');
      await workers.start(databaseUrl, NOOP_QUEUE);
      // The window opens once every worker has finished a few batches (pools open, pollers running).
      await workers.allProcessed(settings.batchSize * settings.pollers);
      const loadAverageAtWindowStart = os.loadavg().map((value) => round(value, 2));
      const cpu = new CpuMeter({ client, workerPids: () => workers.pids(), targetPid: undefined });
      await cpu.start();
      const readsBefore = await tableRowsRead(client);
      const start = new Date();
      log(`raw pg-boss (saturated): measuring ${seconds} s`);
      await measureFor(seconds * 1000);
      const end = new Date();
      const cpuPercent = await cpu.stop();
      const remainingAtEnd = await unfinishedJobs(client, NOOP_QUEUE, FAR_FUTURE);
      const rowsInJobTable = await jobTableRows(client);
      await workers.stop();
      const completed = await rawJobsCompleted(client, NOOP_QUEUE, start, end);
      const readsAfter = await tableRowsRead(client);
      const durationSeconds = (end.getTime() - start.getTime()) / 1000;
      if (remainingAtEnd === 0) log('warning: the raw backlog ran dry inside the window; its rate is a lower bound');
      return {
        executionsPerSecond: Math.round(completed / durationSeconds),
        completed,
        durationSeconds: round(durationSeconds, 1),
        preloaded,
        remainingAtEnd,
        isSaturated: remainingAtEnd > 0,
        rowsReadPerExecution: completed > 0 ? round((readsAfter - readsBefore) / completed, 1) : null,
        jobTableRows: rowsInJobTable,
        cpuPercent,
        loadAverageAtWindowStart,
      };
    } finally {
      await workers.stop();
      await producer.stop({ graceful: false });
      await client.end();
    }
  });
}

export interface RawDemandResult {
  executionsPerSecond: number;
  executions: number;
  demandPerSecond: number;
  durationSeconds: number;
  latenessMs: LatenessSummary | null;
  steadyLatenessMs: LatenessSummary | null;
  jobTableRows: number;
  cpuPercent: CpuSplit;
}

/** Jobs due at `ratePerSecond` for `seconds`, as the throughput scenario's occurrences are. */
export async function measureRawDemand(
  env: BenchEnvironment,
  settings: BenchSettings,
  plan: { ratePerSecond: number; seconds: number },
): Promise<RawDemandResult> {
  return env.withDatabase('raw_demand', async (databaseUrl) => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'cronwise-bench' });
    await client.connect();
    const producer = createBoss({ databaseUrl, poolSize: 4 });
    await producer.start();
    const workers = new RawWorkerPool(settings);
    try {
      const start = new Date(Date.now() + 20_000 + plan.ratePerSecond * plan.seconds * 0.02);
      const durationMs = plan.seconds * 1000;
      await scheduleNoopJobs(producer, NOOP_QUEUE, { ratePerSecond: plan.ratePerSecond, startAt: start, durationMs });
      await client.query('ANALYZE');
      await workers.start(databaseUrl, NOOP_QUEUE);
      await waitUntil(start);
      const cpu = new CpuMeter({ client, workerPids: () => workers.pids(), targetPid: undefined });
      await cpu.start();
      log(`raw pg-boss (demand ${plan.ratePerSecond}/s): measuring ${plan.seconds} s`);
      await measureFor(durationMs);
      const end = new Date();
      const cpuPercent = await cpu.stop();
      const rowsInJobTable = await jobTableRows(client);
      await pollUntil(async () => (await unfinishedJobs(client, NOOP_QUEUE, end)) === 0, {
        what: 'raw jobs due in the window',
        timeoutMs: 60_000,
      });
      await workers.stop();
      const whole = await rawJobLateness(client, NOOP_QUEUE, { from: start, to: end, by: 'start_after' });
      const steady = await rawJobLateness(client, NOOP_QUEUE, {
        from: new Date(start.getTime() + 10_000),
        to: end,
        by: 'start_after',
      });
      return {
        executionsPerSecond: Math.round(whole.count / plan.seconds),
        executions: whole.count,
        demandPerSecond: plan.ratePerSecond,
        durationSeconds: plan.seconds,
        latenessMs: whole.lateness,
        steadyLatenessMs: steady.lateness,
        jobTableRows: rowsInJobTable,
        cpuPercent,
      };
    } finally {
      await workers.stop();
      await producer.stop({ graceful: false });
      await client.end();
    }
  });
}
