import { type ChildProcess, spawn } from 'node:child_process';
import { testDatabaseUrl } from '@cronwise/db/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { CpuMeter, cpuSplitText } from './cpu';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A Node process that spins (busy) or sleeps (idle) until killed. */
function nodeProcess(kind: 'busy' | 'idle'): ChildProcess {
  const code = kind === 'busy' ? 'for (;;) {}' : 'setInterval(() => {}, 1000)';
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('the CPU meter', () => {
  it('charges a spinning worker about one core, an idle target nothing, and the backend its query', async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const worker = nodeProcess('busy');
      const target = nodeProcess('idle');
      const meter = new CpuMeter({ client, workerPids: () => [worker.pid], targetPid: target.pid });
      await meter.start();
      // The meter's own backend does CPU work in PostgreSQL while the worker spins.
      await client.query('SELECT count(*) FROM generate_series(1, 3000000)');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const split = await meter.stop();

      expect(split.workers).toHaveLength(1);
      // Loose bounds: CI runs other test files on the same two cores.
      expect(split.workersTotal).toBeGreaterThanOrEqual(20);
      expect(split.workersTotal).toBeLessThanOrEqual(110);
      expect(split.target).toBeLessThanOrEqual(10);
      expect(split.postgresBackends).toBeGreaterThan(0);
      expect(split.machine).toBeGreaterThanOrEqual(split.workersTotal - 5);
      expect(cpuSplitText(split)).toContain(`workers ${split.workersTotal} % (${split.workers[0]})`);
    } finally {
      await client.end();
    }
  });

  it('refuses to stop before it started', async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    const meter = new CpuMeter({ client, workerPids: () => [], targetPid: undefined });
    await expect(meter.stop()).rejects.toThrow('without start()');
  });
});
