import pg from 'pg';

/**
 * A plain pg pool for the engine's hot path: set-based statements over a whole
 * batch (unnest arrays) in one round trip, and a transaction shared with pg-boss
 * (whose `db` option takes any `executeSql`). Everything else uses Prisma.
 */
export type SqlPool = pg.Pool;
export type SqlClient = pg.PoolClient;

export interface SqlExecutor {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string | PreparedStatement,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
}

/** A statement the server parses and plans once per connection, then reuses. */
export interface PreparedStatement {
  name: string;
  text: string;
}

/**
 * Names a statement so each connection prepares it once and PostgreSQL can keep its plan: for the
 * engine's per-batch statements, whose planning cost as much as a quarter of their execution. One
 * name must always carry the same text. A fresh object per call, because pg writes the values into it.
 */
export function prepared(name: string, text: string): PreparedStatement {
  return { name, text };
}

export function createSqlPool(options: { url: string; poolSize?: number; applicationName?: string }): SqlPool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'cronwise',
    // Prisma stores DateTime as `timestamp` in UTC: read it as UTC whatever the host's zone,
    // and write through timestamptz casts in a UTC session.
    options: '-c TimeZone=UTC',
    types: { getTypeParser: utcTypeParser as never },
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the next checkout reconnects.
  pool.on('error', () => {});
  return pool;
}

const TIMESTAMP_WITHOUT_TIME_ZONE_OID = 1114;

function utcTypeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === TIMESTAMP_WITHOUT_TIME_ZONE_OID && format !== 'binary') {
    return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
  }
  return pg.types.getTypeParser(oid, format as 'text');
}

/** Runs `work` in one transaction on one pooled connection. */
export async function withSqlTransaction<T>(pool: SqlPool, work: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Adapts a pg client to pg-boss's `db` option, so jobs commit with our rows. */
export function bossDatabase(client: SqlExecutor): {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
} {
  return { executeSql: (text, values) => client.query(text, values) };
}
