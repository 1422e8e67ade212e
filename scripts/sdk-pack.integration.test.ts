/**
 * The SDK as a stranger gets it: packed with `pnpm pack`, installed from the tarball into a
 * project outside the workspace, its example program type-checked with `tsc --strict` and run
 * against a live server and worker (real processes on this file's database).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from '@cronwise/db/migrate';
import { makeUser, testDatabaseUrl } from '@cronwise/db/testing';
import { createApiKey, systemClock } from '@cronwise/services';
import { type EngineHarness, startEngineHarness, TEST_ENCRYPTION_SECRET } from '@cronwise/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SDK_DIR = path.join(REPOSITORY_ROOT, 'packages/sdk');
const TSC = path.join(REPOSITORY_ROOT, 'node_modules/typescript/bin/tsc');
const EXAMPLE = 'schedule-and-verify.ts';

let harness: EngineHarness;
let workDir: string;
let consumerDir: string;
const services: ChildProcess[] = [];

beforeAll(async () => {
  harness = await startEngineHarness({ clock: systemClock });
  workDir = await mkdtemp(path.join(tmpdir(), 'cronwise-sdk-consumer-'));
  consumerDir = path.join(workDir, 'consumer');
});
afterAll(async () => {
  await Promise.all(services.map(stopProcess));
  await harness?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Starts `apps/<role>/src/main.ts` and resolves once `isReady` sees it ready. */
async function startRole(role: 'server' | 'worker', env: Record<string, string>, isReady: (log: string) => boolean) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, `apps/${role}/src/main.ts`)], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: testDatabaseUrl(),
      TARGET_ALLOWLIST: '127.0.0.1/32',
      ENCRYPTION_SECRET: TEST_ENCRYPTION_SECRET,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_POOL_SIZE: '4',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  services.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (isReady(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before it was ready:\n${output}`)));
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('@cronwise/sdk outside the monorepo', () => {
  it('packs, and installs from the tarball into a project of its own', { timeout: 180_000 }, async () => {
    await run('pnpm', ['pack', '--pack-destination', workDir], { cwd: SDK_DIR });
    const tarball = (await readdir(workDir)).find((name) => name.endsWith('.tgz'));
    expect(tarball).toMatch(/^cronwise-sdk-\d+\.\d+\.\d+\.tgz$/);

    await mkdir(consumerDir, { recursive: true });
    await writeFile(
      path.join(consumerDir, 'package.json'),
      JSON.stringify({ name: 'sdk-consumer', private: true, type: 'module' }, null, 2),
    );
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', `../${tarball}`, '@types/node@^20.19.0'],
      { cwd: consumerDir },
    );

    const installed = path.join(consumerDir, 'node_modules/@cronwise/sdk');
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).toEqual(['openapi-fetch']);
    const document = JSON.parse(await readFile(path.join(installed, 'dist/openapi.json'), 'utf8'));
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'Cronwise API' } });
    // The declarations stand alone: nothing from the workspace is referenced.
    const declarations = (await listFiles(path.join(installed, 'dist'))).filter((file) => file.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(0);
    for (const file of declarations) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"]@cronwise\/|reference (path|types)=/);
    }
  });

  it('type-checks the example program with tsc --strict', { timeout: 60_000 }, async () => {
    await writeFile(path.join(consumerDir, EXAMPLE), await readFile(path.join(SDK_DIR, 'examples', EXAMPLE), 'utf8'));
    await writeFile(
      path.join(consumerDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022'],
          types: ['node'],
          skipLibCheck: false,
          outDir: 'dist',
        },
        files: [EXAMPLE],
      }),
    );
    const compiled = await run(process.execPath, [TSC, '-p', 'tsconfig.json', '--strict'], { cwd: consumerDir }).catch(
      (error: { stdout?: string; message: string }) => {
        throw new Error(`tsc failed:\n${error.stdout ?? error.message}`);
      },
    );
    expect(compiled.stdout).toBe('');
  });

  it('schedules an endpoint on a live server, sees it run, pages through runs and verifies the signature', {
    timeout: 120_000,
  }, async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    await Promise.all([
      startRole('server', { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl }, (log) =>
        log.includes('Server listening'),
      ),
      startRole('worker', { WORKER_POLLERS: '2' }, (log) => log.includes('worker ready')),
    ]);

    const user = await makeUser(harness.deps.db, { tier: 'enterprise' });
    const { key } = await createApiKey(
      harness.deps,
      { ...user, userId: user.id, isEmailVerified: true, credential: { kind: 'session', sessionId: 'sdk-pack-test' } },
      { name: 'sdk consumer', scopes: ['admin'] },
    );

    const { stdout } = await run(process.execPath, [path.join('dist', EXAMPLE.replace(/\.ts$/, '.js'))], {
      cwd: consumerDir,
      env: { ...process.env, CRONWISE_URL: baseUrl, CRONWISE_API_KEY: key },
      timeout: 90_000,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`the example failed:\n${error.stderr ?? ''}${error.stdout ?? error.message}`);
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

    // The secret came from the API (GET /signing-keys); the key that signed is the account's current key.
    const signingKey = await harness.deps.db.signingKey.findFirstOrThrow({
      where: { userId: user.id, state: 'current' },
    });
    expect(report.verification).toEqual({ ok: true, keyId: signingKey.keyId });
    expect(report.tampered).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(report.notFoundCode).toBe('NOT_FOUND');
    expect(report.nextRunSource).toBe('baseline-interval');
    // Two runs or more, read one per page: the iterator followed the cursor.
    const successes = report.runs.filter((entry: { status: string }) => entry.status === 'success');
    expect(successes.length).toBeGreaterThanOrEqual(2);
    expect(successes.every((entry: { source: string }) => entry.source === 'baseline-interval')).toBe(true);

    // What the program read through the API is what the database recorded.
    const recorded = await harness.deps.db.run.findMany({ where: { endpointId: report.endpointId } });
    expect(recorded.map((entry) => entry.id).sort()).toEqual(
      expect.arrayContaining(report.runs.map((entry: { id: string }) => entry.id).sort()),
    );
    expect(await harness.deps.db.job.findUniqueOrThrow({ where: { id: report.jobId } })).toMatchObject({
      status: 'paused',
    });
  });
});
