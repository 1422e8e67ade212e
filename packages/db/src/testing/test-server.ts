import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPostgres, startEmbeddedPostgres } from '../embedded-postgres';
import { REPOSITORY_ROOT } from '../migrate/apply-migrations';

/**
 * The PostgreSQL server tests run against: TEST_DATABASE_URL when set (CI points
 * it at the machine's server), otherwise an embedded server started for this run.
 */
export async function resolveTestServer(): Promise<{ serverUrl: string; stop: () => Promise<void> }> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) return { serverUrl: configured, stop: async () => {} };
  const port = await findFreePort();
  const running: RunningPostgres = await startEmbeddedPostgres({
    dataDir: path.join(tmpdir(), `cronwise-test-pg-${process.pid}-${port}`),
    port,
    isPersistent: false,
  });
  return running;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A template name that changes whenever a migration changes, so stale templates are never reused. */
export async function templateDatabaseName(): Promise<string> {
  const migrationsDir = path.join(REPOSITORY_ROOT, 'prisma/migrations');
  const hash = createHash('sha256');
  for (const entry of (await readdir(migrationsDir)).sort()) {
    if (entry.endsWith('.toml')) continue;
    hash.update(entry);
    hash.update(await readFile(path.join(migrationsDir, entry, 'migration.sql')));
  }
  return `cronwise_test_template_${hash.digest('hex').slice(0, 16)}`;
}
