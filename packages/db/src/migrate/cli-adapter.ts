/**
 * Driver adapter for the Prisma CLI (migrate deploy/dev/diff) running on the
 * WASM schema engine, so migrations work fully offline. It works around four
 * @prisma/adapter-pg 6.19 defects that only the CLI hits:
 *  1. pg_catalog columns of type `name`, `"char"` and friends cannot be
 *     deserialised: we report them as text, and a `"char"` column to the
 *     engine as a character (it panics on a check constraint otherwise).
 *  2. the shadow database pool reuses `connectionString` and lands on the main
 *     database: we pass discrete connection fields.
 *  3. the shadow database is dropped while its pool is still open: we close the
 *     pool first, then `DROP DATABASE ... WITH (FORCE)`.
 *  4. a migration script is split at every `;` (inside comments, strings and
 *     function bodies too) and each piece runs on whichever pool connection is
 *     free, in its own transaction: we send the script as one simple query, as
 *     Prisma's native engine does, so a migration applies as a whole or not at
 *     all and may define PL/pgSQL functions (the runs partitioning needs both).
 * This module is loaded by prisma.config.ts only, never by the application.
 */
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const CHAR_OID = 18;
/** ColumnTypeEnum.Character in @prisma/driver-adapter-utils 6.19. */
const CHARACTER_COLUMN_TYPE = 6;
/** Marks a field that PostgreSQL sent as `"char"` before it was reported as text. */
const WAS_CHAR = Symbol('was "char"');
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
      if (field.dataTypeID === CHAR_OID) (field as pg.FieldDef & { [WAS_CHAR]?: true })[WAS_CHAR] = true;
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

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

interface AdapterInternals {
  client: pg.Pool;
  onError(error: unknown): never;
  performIO(query: unknown): Promise<pg.QueryResult>;
}

// The adapter's pool, query and error mapping are plain members of the instance (not in its typings).
function patchAdapter(adapter: Adapter): Adapter {
  const internals = adapter as unknown as AdapterInternals;
  // The schema engine reads pg_constraint.contype as a character: a check constraint (any row of
  // that query) made it panic ("unreachable") when the column arrived as text.
  const queryRaw = adapter.queryRaw;
  const performIO = internals.performIO;
  adapter.queryRaw = async (query) => {
    let charColumns: number[] = [];
    const scope = Object.create(adapter) as AdapterInternals;
    scope.performIO = async (sql) => {
      const result = await performIO.call(adapter, sql);
      charColumns = result.fields.flatMap((field, index) =>
        (field as pg.FieldDef & { [WAS_CHAR]?: true })[WAS_CHAR] ? [index] : [],
      );
      return result;
    };
    const result = await queryRaw.call(scope, query);
    for (const index of charColumns) result.columnTypes[index] = CHARACTER_COLUMN_TYPE as never;
    return result;
  };
  adapter.executeScript = async (script: string) => {
    try {
      // No parameters: the simple query protocol, where a multi-statement script is one implicit transaction.
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

class MigrationPgAdapterFactory extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super(discreteConfig(connectionString));
  }

  override async connect() {
    return patchAdapter(await super.connect());
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = patchAdapter(await new PrismaPg(discreteConfig(this.connectionString, database)).connect());
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
