/**
 * `pnpm start`: the whole product in one command. Without DATABASE_URL it runs an
 * embedded PostgreSQL (data kept in .data/), applies migrations, then runs the
 * server and the worker as child processes; Ctrl-C stops all of them cleanly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
import { ensureWebBuild } from './web-build';

const EMBEDDED_DATABASE = 'cronwise';
const CHILD_STOP_TIMEOUT_MS = 40_000;

function log(message: string): void {
  console.log(JSON.stringify({ level: 30, time: Date.now(), role: 'launcher', msg: message }));
}

function startRole(role: 'server' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const entry = path.join(REPOSITORY_ROOT, `apps/${role}/src/main.ts`);
  return spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPOSITORY_ROOT, env, stdio: 'inherit' });
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
  const config = loadStartEnvironment();
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
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  try {
    if (!databaseUrl) {
      const dataDir = path.resolve(REPOSITORY_ROOT, config.CRONWISE_DATA_DIR, 'postgres');
      log(`DATABASE_URL is unset: starting embedded PostgreSQL in ${dataDir} on port ${config.EMBEDDED_POSTGRES_PORT}`);
      const embedded = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_POSTGRES_PORT });
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

  children.push(startRole('server', childEnv), startRole('worker', childEnv));
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
