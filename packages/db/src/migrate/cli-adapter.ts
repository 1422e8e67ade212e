/**
 * Driver adapter for the Prisma CLI (migrate deploy/dev/diff) running on the
 * WASM schema engine, so migrations work fully offline. It works around three
 * @prisma/adapter-pg 6.19 defects that only the CLI hits:
 *  1. pg_catalog columns of type `name`, `"char"` and friends cannot be
 *     deserialised: we report them as text.
 *  2. the shadow database pool reuses `connectionString` and lands on the main
 *     database: we pass discrete connection fields.
 *  3. the shadow database is dropped while its pool is still open: we close the
 *     pool first, then `DROP DATABASE ... WITH (FORCE)`.
 * This module is loaded by prisma.config.ts only, never by the application.
 */
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
// name, "char", regproc, regclass, regtype, pg_node_tree, aclitem and their arrays
const SCALAR_OIDS_AS_TEXT = new Set([18, 19, 24, 2205, 2206, 194, 1033, 28, 29, 30, 142]);
const ARRAY_OIDS_AS_TEXT = new Set([1002, 1003, 1008, 1034, 1010, 1011, 1012, 1013]);

let isResultPatched = false;

// Rewrites the column type ids as pg reads each row description, before the
// adapter maps them, so every query path (pool, client, callback) is covered.
function reportCatalogTypesAsText(): void {
  if (isResultPatched) return;
  isResultPatched = true;
  const resultPrototype = (pg as unknown as { Result: { prototype: { addFields(fields: pg.FieldDef[]): void } } })
    .Result.prototype;
  const originalAddFields = resultPrototype.addFields;
  resultPrototype.addFields = function addFieldsAsText(fields: pg.FieldDef[]) {
    for (const field of fields) {
      if (SCALAR_OIDS_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      else if (ARRAY_OIDS_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
    }
    originalAddFields.call(this, fields);
  };
}

function discreteConfig(connectionString: string, database?: string): pg.PoolConfig {
  const url = new URL(connectionString);
  return {
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: database ?? decodeURIComponent(url.pathname.slice(1) || 'postgres'),
    max: 4,
  };
}

class MigrationPgAdapterFactory extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super(discreteConfig(connectionString));
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new PrismaPg(discreteConfig(this.connectionString, database)).connect();
    const disposeShadowPool = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadowPool();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

export function createMigrationAdapter(connectionString: string): PrismaPg {
  reportCatalogTypesAsText();
  return new MigrationPgAdapterFactory(connectionString);
}
