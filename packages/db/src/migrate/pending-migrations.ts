import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { REPOSITORY_ROOT } from './apply-migrations';

/**
 * Names of migrations in prisma/migrations that the database has not finished.
 * Lets start-up skip the (slow) Prisma CLI when the schema is already current.
 */
export async function findPendingMigrations(databaseUrl: string): Promise<string[]> {
  const entries = await readdir(path.join(REPOSITORY_ROOT, 'prisma/migrations'), { withFileTypes: true });
  const local = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('public._prisma_migrations') AS name");
    if (!table.rows[0]?.name) return local;
    const applied = await client.query(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(applied.rows.map((row) => row.migration_name as string));
    return local.filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}
