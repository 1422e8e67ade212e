import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { createMigrationAdapter } from './packages/db/src/migrate/cli-adapter';

// The CLI runs on the WASM schema engine through a driver adapter, so no native
// engine download is ever needed (see packages/db/src/migrate/cli-adapter.ts).
// `prisma generate` needs no database; a placeholder URL keeps it working offline.
// The schema's `env("DATABASE_URL")` must resolve even for generate, or the CLI
// falls back to downloading the native query engine.
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/cronwise';
const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => createMigrationAdapter(databaseUrl),
});
