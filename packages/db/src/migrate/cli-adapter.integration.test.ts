import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../testing';
import { createMigrationAdapter } from './cli-adapter';

type Connection = Awaited<ReturnType<ReturnType<typeof createMigrationAdapter>['connect']>>;
let connection: Connection;

beforeAll(async () => {
  connection = await createMigrationAdapter(testDatabaseUrl()).connect();
});
afterAll(async () => {
  await connection.dispose();
});

async function tableExists(name: string): Promise<boolean> {
  const result = await connection.queryRaw({
    sql: 'SELECT to_regclass($1)::text AS oid',
    args: [`public.${name}`],
    argTypes: [{ scalarType: 'string', arity: 'scalar' }],
  });
  return result.rows[0]?.[0] != null;
}

describe('the migration adapter', () => {
  it('applies a script as one transaction: a failing statement leaves nothing of the script behind', async () => {
    await expect(
      connection.executeScript(`
        -- a comment with a ; in it
        CREATE TABLE adapter_half_done (id int);
        SELECT 1 / 0;
      `),
    ).rejects.toThrow();
    expect(await tableExists('adapter_half_done')).toBe(false);
  });

  it('runs PL/pgSQL bodies whole (the old split at every ; cut them apart)', async () => {
    await connection.executeScript(`
      CREATE FUNCTION adapter_answer() RETURNS int LANGUAGE plpgsql AS $$
      DECLARE answer int := 41;
      BEGIN
        answer := answer + 1;
        RETURN answer;
      END
      $$;
      CREATE TABLE adapter_answers AS SELECT adapter_answer() AS answer;
    `);
    const result = await connection.queryRaw({ sql: 'SELECT answer FROM adapter_answers', args: [], argTypes: [] });
    expect(result.rows).toEqual([[42]]);
  });

  it('hands the schema engine a "char" column as a character (check constraints are read that way)', async () => {
    await connection.executeScript('CREATE TABLE adapter_checked (n int CONSTRAINT adapter_positive CHECK (n > 0))');
    const result = await connection.queryRaw({
      sql: "SELECT conname::text AS name, contype FROM pg_constraint WHERE conname = 'adapter_positive'",
      args: [],
      argTypes: [],
    });
    // ColumnTypeEnum: Text = 7, Character = 6.
    expect(result.columnTypes).toEqual([7, 6]);
    expect(result.rows).toEqual([['adapter_positive', 'c']]);
  });
});
