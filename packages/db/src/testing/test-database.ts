import { createDatabase, type Database } from '../client';

let currentUrl: string | null = null;
let currentServerUrl: string | null = null;
const openClients: Database[] = [];

export function setTestDatabaseUrl(url: string, serverUrl: string): void {
  currentUrl = url;
  currentServerUrl = serverUrl;
}

/** URL of this test file's own database (integration project only). */
export function testDatabaseUrl(): string {
  if (!currentUrl) {
    throw new Error(
      'No test database: integration tests must be named *.integration.test.ts so the harness sets one up.',
    );
  }
  return currentUrl;
}

/** URL of the PostgreSQL server itself, for tests that need more databases. */
export function testServerUrl(): string {
  if (!currentServerUrl) throw new Error('No test server: run this as an integration test.');
  return currentServerUrl;
}

/** A Prisma client on this file's database; closed automatically after the file. */
export function connectTestDatabase(options: { poolSize?: number } = {}): Database {
  const db = createDatabase({ url: testDatabaseUrl(), poolSize: options.poolSize ?? 5 });
  openClients.push(db);
  return db;
}

export async function disconnectTestDatabases(): Promise<void> {
  await Promise.all(openClients.splice(0).map((db) => db.$disconnect()));
}
