import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { withTransaction } from '@cronwise/db';
import { REPOSITORY_ROOT } from '@cronwise/db/migrate';
import { testDatabaseUrl } from '@cronwise/db/testing';
import { rescheduleEndpoint, systemClock } from '@cronwise/services';
import {
  type EngineHarness,
  makeEndpointFor,
  startEngineHarness,
  TargetServer,
  TEST_ENCRYPTION_SECRET,
} from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A real worker process serving /metrics on WORKER_METRICS_PORT while it executes occurrences.
let harness: EngineHarness;
let target: TargetServer;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  harness = await startEngineHarness({ clock: systemClock });
  target = await TargetServer.start();
});
afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
  await target.close();
  await harness.close();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Starts a worker and resolves with everything it logged up to "worker ready". */
function startWorker(metricsPort: number): Promise<string> {
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'apps/worker/src/main.ts')], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: testDatabaseUrl(),
      TARGET_ALLOWLIST: '127.0.0.1/32',
      ENCRYPTION_SECRET: TEST_ENCRYPTION_SECRET,
      LOG_LEVEL: 'info',
      WORKER_POLLERS: '2',
      DATABASE_POOL_SIZE: '4',
      NODE_ENV: 'test',
      WORKER_METRICS_PORT: String(metricsPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(worker);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker ready')) resolve(output);
    };
    worker.stdout?.on('data', onData);
    worker.stderr?.on('data', onData);
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${output}`)));
  });
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  await exited;
}

async function scrapeUntil(url: string, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(url)).text();
    if (pattern.test(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('worker metrics', () => {
  it('serves executions, lateness and batch metrics on WORKER_METRICS_PORT and says where', async () => {
    const port = await freePort();
    const log = await startWorker(port);
    expect(log).toContain(`worker metrics at http://localhost:${port}/metrics`);

    const { endpoint } = await makeEndpointFor(harness.deps, {
      url: target.url(),
      overrides: { intervalMs: 2_000, catchUpPolicy: 'skip' },
    });
    await withTransaction(harness.deps.db, (tx) => rescheduleEndpoint(harness.deps, tx, endpoint.id));

    const success = /^cronwise_executions_total\{status="success"\} [1-9]/m;
    const text = await scrapeUntil(`http://127.0.0.1:${port}/metrics`, success, 30_000);
    expect(text).toMatch(success);
    expect(text).toMatch(/^cronwise_run_lateness_seconds_count [1-9]/m);
    expect(text).toMatch(/^cronwise_run_duration_seconds_count [1-9]/m);
    expect(text).toMatch(/^cronwise_batch_occurrences_count [1-9]/m);
    expect(text).toMatch(/^cronwise_batch_statements_sum [1-9]/m);
    expect(text).toContain('cronwise_process_resident_memory_bytes');
  });

  it('keeps working without metrics when the port is taken, and says how to fix it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const log = await startWorker(port);
      expect(log).toContain(`worker metrics are off: port ${port} is not available`);
      expect(log).toContain('WORKER_METRICS_PORT');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
