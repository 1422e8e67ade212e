/**
 * `pnpm db:check`: exits non-zero when prisma/schema.prisma and prisma/migrations
 * disagree. Uses DATABASE_URL's server for the shadow database, else
 * TEST_DATABASE_URL's, else an embedded PostgreSQL started for the check.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSchemaMatchesMigrations, databaseUrlFor, startEmbeddedPostgres } from '@cronwise/db/migrate';
import { findFreePort } from '@cronwise/db/testing-server';

async function main(): Promise<number> {
  let serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const port = await findFreePort();
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(tmpdir(), `cronwise-db-check-${process.pid}`),
      port,
      isPersistent: false,
    });
    serverUrl = databaseUrlFor(embedded.serverUrl, 'postgres');
    stop = () => embedded.stop();
  }
  try {
    const report = await checkSchemaMatchesMigrations(serverUrl);
    if (!report.hasDrift) {
      console.log('db:check: schema.prisma and prisma/migrations agree');
      return 0;
    }
    console.error('db:check: schema.prisma has changes that no migration covers. Missing SQL:\n');
    console.error(report.missingSql);
    console.error('\nCreate a migration with: pnpm db:migrate:dev --name <what-changed>');
    return 1;
  } finally {
    await stop();
  }
}

process.exit(await main());
