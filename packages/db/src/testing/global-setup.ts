import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrlFor } from '../embedded-postgres';
import { applyMigrations } from '../migrate/apply-migrations';
import { resolveTestServer, templateDatabaseName } from './test-server';

declare module 'vitest' {
  export interface ProvidedContext {
    cronwiseTestServerUrl: string;
    cronwiseTestTemplate: string;
  }
}

/** Migrates once into a template database; each test file then clones it (see per-file-setup.ts). */
export default async function setup(project: TestProject) {
  const server = await resolveTestServer();
  const template = await templateDatabaseName();
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  try {
    // Serialise concurrent test runs that share a server while one builds the template.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!rowCount) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(building)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(building)}`);
      await applyMigrations(databaseUrlFor(server.serverUrl, building));
      await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(building)} RENAME TO ${pg.escapeIdentifier(template)}`);
      const stale = await admin.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'cronwise_test_template_%' AND datname <> $1",
        [template],
      );
      for (const row of stale.rows) {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(row.datname)} WITH (FORCE)`);
      }
    }
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
  } finally {
    await admin.end();
  }
  project.provide('cronwiseTestServerUrl', server.serverUrl);
  project.provide('cronwiseTestTemplate', template);
  return async () => {
    await server.stop();
  };
}
