/**
 * `pnpm start`: the whole product in one command. Without DATABASE_URL it runs an
 * embedded PostgreSQL (data kept in .data/), applies migrations, then runs the
 * server and the worker as child processes; Ctrl-C stops all of them cleanly.
 * On a terminal it prints a banner once both are up and readable log lines; otherwise
 * the processes' JSON lines pass through untouched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { ConfigurationError } from '@cronwise/db';
import {
  applyMigrations,
  databaseUrlFor,
  ensureDatabaseExists,
  findPendingMigrations,
  REPOSITORY_ROOT,
  redactUrl,
  startEmbeddedPostgres,
} from '@cronwise/db/migrate';
import { loadStartEnvironment } from './start-env';
import { chooseLogOutput, describeDataLocation, formatBanner, formatLogLine } from './start-output';
import { ensureWebBuild } from './web-build';

const EMBEDDED_DATABASE = 'cronwise';
const CHILD_STOP_TIMEOUT_MS = 40_000;

const config = loadConfiguration();
const output = chooseLogOutput(process.stdout.isTTY === true);
const isColored = output === 'pretty' && !config.NO_COLOR;

function loadConfiguration() {
  try {
    return loadStartEnvironment();
  } catch (error) {
    console.error(error instanceof ConfigurationError ? error.message : error);
    process.exit(1);
  }
}

function write(stream: Writable, line: string): void {
  stream.write(`${output === 'pretty' ? formatLogLine(line, { color: isColored }) : line}\n`);
}

function log(message: string): void {
  write(process.stdout, JSON.stringify({ level: 30, time: Date.now(), role: 'launcher', msg: message }));
}

/** On a terminal the children's lines are read here (to format them and to notice start-up). */
function startRole(
  role: 'server' | 'worker',
  env: NodeJS.ProcessEnv,
  onLine: (entry: Record<string, unknown>) => void,
): ChildProcess {
  const entry = path.join(REPOSITORY_ROOT, `apps/${role}/src/main.ts`);
  if (output === 'json') {
    return spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPOSITORY_ROOT, env, stdio: 'inherit' });
  }
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPOSITORY_ROOT,
    env,
    stdio: ['inherit', 'pipe', 'pipe'],
  });
  const pipes: Array<[NodeJS.ReadableStream | null, Writable]> = [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ];
  for (const [input, destination] of pipes) {
    if (!input) continue;
    createInterface({ input }).on('line', (line) => {
      write(destination, line);
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed && typeof parsed === 'object') onLine(parsed as Record<string, unknown>);
      } catch {
        // Not a log line (a start-up error printed as text): shown above as it is.
      }
    });
  }
  return child;
}

/** Prints the banner once the server listens and the worker is ready (terminal only). */
function bannerWhenReady(facts: { url: string; data: string }) {
  let isServerUp = false;
  let isWorkerUp = false;
  let workerMetricsPort: number | null = null;
  let isShown = false;
  return (entry: Record<string, unknown>) => {
    const message = String(entry.msg ?? '');
    if (entry.role === 'server' && message.startsWith('Server listening at')) isServerUp = true;
    if (entry.role === 'worker' && message.startsWith('worker metrics at') && typeof entry.port === 'number')
      workerMetricsPort = entry.port;
    if (entry.role === 'worker' && message === 'worker ready') isWorkerUp = true;
    if (isServerUp && isWorkerUp && !isShown) {
      isShown = true;
      // After the rest of this burst of start-up lines (the server logs one line per address).
      setTimeout(() => {
        process.stdout.write(`${formatBanner({ ...facts, workerMetricsPort }, { color: isColored })}\n`);
      }, 100).unref();
    }
  };
}

/** Reads the embedded install's encryption secret, creating it (owner-only) on first start. */
async function localEncryptionSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'encryption-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

function waitForExit(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  let stopDatabase = async () => {};
  let isStopping = false;
  const stopAll = async (reason: string, exitCode: number) => {
    if (isStopping) return;
    isStopping = true;
    log(`stopping (${reason})`);
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    const forceKill = setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }, CHILD_STOP_TIMEOUT_MS);
    await Promise.all(children.map(waitForExit));
    clearTimeout(forceKill);
    log('server and worker stopped; stopping the database');
    // The database stops last, after the server and worker have let go of it.
    await stopDatabase();
    log('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll('SIGINT', 0));
  process.on('SIGTERM', () => void stopAll('SIGTERM', 0));

  let databaseUrl = config.DATABASE_URL;
  let data = config.DATABASE_URL ? describeDataLocation({ kind: 'url', databaseUrl: config.DATABASE_URL }) : '';
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  try {
    if (!databaseUrl) {
      const dataDir = path.resolve(REPOSITORY_ROOT, config.CRONWISE_DATA_DIR, 'postgres');
      log(`DATABASE_URL is unset: starting embedded PostgreSQL in ${dataDir} on port ${config.EMBEDDED_POSTGRES_PORT}`);
      const embedded = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_POSTGRES_PORT });
      data = describeDataLocation({ kind: 'embedded', dataDir, port: config.EMBEDDED_POSTGRES_PORT });
      stopDatabase = () => embedded.stop();
      databaseUrl = databaseUrlFor(embedded.serverUrl, EMBEDDED_DATABASE);
      // Local development calls local targets; production keeps the SSRF guard closed.
      childEnv.TARGET_ALLOWLIST = config.TARGET_ALLOWLIST ?? '127.0.0.0/8';
      // A self-contained install keeps its own encryption secret next to its data.
      childEnv.ENCRYPTION_SECRET ??= await localEncryptionSecret(
        path.resolve(REPOSITORY_ROOT, config.CRONWISE_DATA_DIR),
      );
    }
    childEnv.DATABASE_URL = databaseUrl;
    await ensureDatabaseExists(databaseUrl);
    const pending = await findPendingMigrations(databaseUrl);
    if (pending.length > 0) {
      log(`applying ${pending.length} migration(s) to ${redactUrl(databaseUrl)}`);
      await applyMigrations(databaseUrl);
    }
  } catch (error) {
    await stopDatabase();
    throw error;
  }
  if (isStopping) return;
  // A newcomer runs only `pnpm install` and `pnpm start`: the web app is built here when needed.
  if (!process.env.CRONWISE_SKIP_WEB_BUILD) await ensureWebBuild(log);

  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  // The worker writes links into alerts: they must point at this server, whatever PORT it got.
  childEnv.PUBLIC_URL ??= publicUrl;
  const onLine = bannerWhenReady({ url: publicUrl, data });
  children.push(startRole('server', childEnv, onLine), startRole('worker', childEnv, onLine));
  for (const child of children) {
    child.once('exit', (code) => {
      if (!isStopping) void stopAll(`a child process exited with code ${code}`, code || 1);
    });
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
