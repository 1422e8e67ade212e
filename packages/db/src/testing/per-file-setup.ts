import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { databaseUrlFor } from '../embedded-postgres';
import { disconnectTestDatabases, setTestDatabaseUrl } from './test-database';

// Every integration test file gets its own database, cloned from the migrated template.
const serverUrl = inject('cronwiseTestServerUrl');
const template = inject('cronwiseTestTemplate');
const database = `cw_test_${randomBytes(6).toString('hex')}`;

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)} TEMPLATE ${pg.escapeIdentifier(template)}`);
await admin.end();
setTestDatabaseUrl(databaseUrlFor(serverUrl, database), serverUrl);

afterAll(async () => {
  await disconnectTestDatabases();
  const dropper = new pg.Client({ connectionString: serverUrl });
  await dropper.connect();
  await dropper.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  await dropper.end();
});
