import path from 'node:path';
import { REPOSITORY_ROOT, runPrismaCli } from './apply-migrations';

export interface DriftReport {
  hasDrift: boolean;
  /** SQL that a new migration would need, when there is drift. */
  missingSql: string;
}

/**
 * Compares the migrations folder with a schema file by replaying the migrations
 * into a throwaway shadow database on the server at `databaseUrl`.
 */
export async function checkSchemaMatchesMigrations(
  databaseUrl: string,
  schemaPath = path.join(REPOSITORY_ROOT, 'prisma/schema.prisma'),
): Promise<DriftReport> {
  const { code, output } = await runPrismaCli(
    [
      'migrate',
      'diff',
      '--from-migrations',
      path.join(REPOSITORY_ROOT, 'prisma/migrations'),
      '--to-schema-datamodel',
      schemaPath,
      '--script',
      '--exit-code',
    ],
    databaseUrl,
  );
  if (code === 0) return { hasDrift: false, missingSql: '' };
  if (code === 2) {
    const sql = output
      .split('\n')
      .filter((line) => !line.startsWith('Loaded Prisma config') && !line.startsWith('Prisma config detected'))
      .join('\n')
      .trim();
    return { hasDrift: true, missingSql: sql };
  }
  throw new Error(`prisma migrate diff failed (exit ${code}):\n${output}`);
}
