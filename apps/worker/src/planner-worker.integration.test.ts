import { type ChildProcess, spawn } from 'node:child_process';
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
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The real worker process, with no AI settings: the built-in heuristic model answers.
let harness: EngineHarness;
let target: TargetServer;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  harness = await startEngineHarness({ clock: systemClock });
  target = await TargetServer.start();
});
afterEach(async () => {
  await Promise.all(
    workers.splice(0).map(async (worker) => {
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }),
  );
});
afterAll(async () => {
  await target.close();
  await harness.close();
});

function spawnWorker(extraEnv: Record<string, string> = {}) {
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
      AI_PROVIDER: '',
      AI_API_KEY: '',
      AI_BASE_URL: '',
      AI_MODEL: '',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(worker);
  let output = '';
  worker.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  worker.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { worker, output: () => output };
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the planner in the worker', () => {
  it('gives a failing endpoint in suggest mode a session and a pending suggestion within a minute', async () => {
    target.handler = (_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end('{"status":"down"}');
    };
    const { endpoint } = await makeEndpointFor(harness.deps, { url: target.url(), overrides: { intervalMs: 5_000 } });
    expect(endpoint.aiMode).toBe('suggest');
    await withTransaction(harness.deps.db, (tx) => rescheduleEndpoint(harness.deps, tx, endpoint.id));
    const started = Date.now();
    spawnWorker();

    await waitFor(
      async () =>
        (await harness.deps.db.aiProposal.count({ where: { endpointId: endpoint.id, status: 'pending' } })) > 0,
      60_000,
      'a pending suggestion',
    );

    expect(Date.now() - started).toBeLessThan(60_000);
    const [session] = await harness.deps.db.aiSession.findMany({
      where: { endpointId: endpoint.id, outcome: 'submitted' },
    });
    expect(session).toMatchObject({ provider: 'heuristic', model: 'heuristic-v1', trigger: 'run-change' });
    const after = await harness.deps.db.endpoint.findUnique({ where: { id: endpoint.id } });
    // Suggest mode: nothing applied until a person approves.
    expect(after?.aiIntervalMs).toBeNull();
    expect(after?.aiOneShotAt).toBeNull();
    expect(after?.lastAnalysisAt).not.toBeNull();
  });

  it('refuses to start with a hosted provider and no key, saying what to set', async () => {
    const { worker, output } = spawnWorker({ AI_PROVIDER: 'anthropic' });
    const code = await new Promise<number | null>((resolve) => worker.once('exit', resolve));
    expect(code).toBe(1);
    expect(output()).toContain('AI_API_KEY: is required when AI_PROVIDER=anthropic');
  });
});
