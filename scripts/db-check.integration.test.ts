import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSchemaMatchesMigrations, REPOSITORY_ROOT } from '@cronwise/db/migrate';
import { testServerUrl } from '@cronwise/db/testing';
import { describe, expect, it } from 'vitest';

describe('db:check', () => {
  it('passes when the schema and the migrations agree', async () => {
    const report = await checkSchemaMatchesMigrations(testServerUrl());
    expect(report).toEqual({ hasDrift: false, missingSql: '' });
  });

  it('fails when a model field is added without a migration, and names the missing column', async () => {
    const schema = await readFile(path.join(REPOSITORY_ROOT, 'prisma/schema.prisma'), 'utf8');
    const changed = schema.replace(
      'model WebhookEvent {\n  id          String   @id',
      'model WebhookEvent {\n  addedWithoutMigration String?\n  id          String   @id',
    );
    expect(changed).not.toBe(schema);
    const dir = await mkdtemp(path.join(tmpdir(), 'cronwise-drift-'));
    const schemaPath = path.join(dir, 'schema.prisma');
    await writeFile(schemaPath, changed);

    const report = await checkSchemaMatchesMigrations(testServerUrl(), schemaPath);
    expect(report.hasDrift).toBe(true);
    expect(report.missingSql).toContain('addedWithoutMigration');
  });
});
