export * from './factories';
export { connectTestDatabase, testDatabaseUrl, testServerUrl } from './test-database';
