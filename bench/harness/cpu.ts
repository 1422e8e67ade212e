import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** USER_HZ: the unit of the tick counters in /proc (100 on Linux, `getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

interface ProcessTicks {
  /** utime + stime of the process itself. */
  own: number;
  /** cutime + cstime: children it has reaped (the postmaster collects its exited backends here). */
  reapedChildren: number;
  parentPid: number;
}

/** Fields of /proc/<pid>/stat after the command name: state is 0, ppid 1, utime 11, stime 12, cutime 13, cstime 14. */
function readProcessTicks(pid: number): ProcessTicks | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const at = (index: number) => Number(fields[index] ?? 0);
    return { own: at(11) + at(12), reapedChildren: at(13) + at(14), parentPid: at(1) };
  } catch {
    return null;
  }
}

function processCpuTicks(pid: number | undefined): number {
  return pid ? (readProcessTicks(pid)?.own ?? 0) : 0;
}

/** Busy ticks of the whole machine, all cores: everything in /proc/stat's cpu line but idle and iowait. */
function machineBusyTicks(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const fields = (cpu ?? '').trim().split(/\s+/).slice(1).map(Number);
  return fields.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + (value || 0)), 0);
}

/**
 * The whole PostgreSQL server: the postmaster, its live children, and (through the postmaster's
 * cutime/cstime) the backends that exited. On a shared server this includes other users' load.
 */
function postgresServerTicks(postmasterPid: number): number {
  const postmaster = readProcessTicks(postmasterPid);
  if (!postmaster) return 0;
  let total = postmaster.own + postmaster.reapedChildren;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ticks = readProcessTicks(Number(entry));
    if (ticks?.parentPid === postmasterPid) total += ticks.own;
  }
  return total;
}

/** Percent of one core (200 = both cores of a 2-core machine busy). */
export interface CpuSplit {
  workers: number[];
  workersTotal: number;
  /** The backends serving this benchmark's database (connections that closed during the window are missed). */
  postgresBackends: number;
  /** The whole PostgreSQL server, background processes and exited backends included; shared servers include others. */
  postgresServer: number | null;
  target: number;
  /** This benchmark process (seeding is over; measuring queries only). */
  benchmark: number;
  /** Every process on the machine, other tenants included. */
  machine: number;
}

interface CpuSample {
  at: number;
  workers: number[];
  backends: Map<number, number>;
  postgresServer: number | null;
  target: number;
  benchmark: number;
  machine: number;
}

/**
 * CPU ticks of the parts of a scenario, sampled at the start and the end of the measured window.
 * PostgreSQL's backends are found through pg_stat_activity (their pids are local processes when the
 * server runs on this machine, as the benchmark's does).
 */
export class CpuMeter {
  private first: CpuSample | null = null;
  private postmasterPid: number | null = null;

  constructor(
    private readonly sources: {
      client: pg.Client;
      workerPids: () => (number | undefined)[];
      targetPid: number | undefined;
    },
  ) {}

  async start(): Promise<void> {
    const { rows } = await this.sources.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const ownBackend = rows[0]?.pid;
    this.postmasterPid = ownBackend ? (readProcessTicks(ownBackend)?.parentPid ?? null) : null;
    this.first = await this.sample();
  }

  async stop(): Promise<CpuSplit> {
    const first = this.first;
    if (!first) throw new Error('CpuMeter.stop() without start()');
    const last = await this.sample();
    const seconds = (last.at - first.at) / 1000;
    const percent = (ticks: number) => Math.round(((ticks / CLOCK_TICKS_PER_SECOND) * 100) / seconds);
    let backendTicks = 0;
    for (const [pid, ticks] of last.backends) backendTicks += ticks - (first.backends.get(pid) ?? 0);
    const workers = last.workers.map((ticks, index) => percent(ticks - (first.workers[index] ?? 0)));
    return {
      workers,
      workersTotal: workers.reduce((sum, value) => sum + value, 0),
      postgresBackends: percent(backendTicks),
      postgresServer:
        first.postgresServer !== null && last.postgresServer !== null
          ? percent(last.postgresServer - first.postgresServer)
          : null,
      target: percent(last.target - first.target),
      benchmark: percent(last.benchmark - first.benchmark),
      machine: percent(last.machine - first.machine),
    };
  }

  private async sample(): Promise<CpuSample> {
    const { rows } = await this.sources.client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
    );
    const backends = new Map<number, number>();
    for (const { pid } of rows) backends.set(pid, processCpuTicks(pid));
    return {
      at: Date.now(),
      workers: this.sources.workerPids().map(processCpuTicks),
      backends,
      postgresServer: this.postmasterPid ? postgresServerTicks(this.postmasterPid) : null,
      target: processCpuTicks(this.sources.targetPid),
      benchmark: processCpuTicks(process.pid),
      machine: machineBusyTicks(),
    };
  }
}

export function cpuSplitText(cpu: CpuSplit): string {
  return [
    `workers ${cpu.workersTotal} % (${cpu.workers.join(' + ')})`,
    `PostgreSQL backends ${cpu.postgresBackends} %`,
    `PostgreSQL server ${cpu.postgresServer ?? '–'} %`,
    `target ${cpu.target} %`,
    `benchmark ${cpu.benchmark} %`,
    `machine ${cpu.machine} %`,
  ].join(', ');
}
