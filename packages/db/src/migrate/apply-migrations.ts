import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type CommandResult, runCommand } from './run-command';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function prismaCliPath(): string {
  const require = createRequire(path.join(REPOSITORY_ROOT, 'packages/db/package.json'));
  return path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');
}

/** Runs a Prisma CLI command against `databaseUrl` on the offline WASM engine (see prisma.config.ts). */
export function runPrismaCli(args: string[], databaseUrl: string): Promise<CommandResult> {
  return runCommand(process.execPath, [prismaCliPath(), ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  });
}

/** Applies every pending migration in prisma/migrations (`prisma migrate deploy`). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const { code, output } = await runPrismaCli(['migrate', 'deploy'], databaseUrl);
  if (code !== 0) throw new Error(`Applying migrations to ${redactUrl(databaseUrl)} failed:\n${output}`);
}

/** Creates the database named in `databaseUrl` when it does not exist yet. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<invalid url>';
  }
}
