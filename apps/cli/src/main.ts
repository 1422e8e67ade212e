/**
 * `pnpm cli <command>`: operator tools. Composition root only: read the environment, parse the
 * command line, open what the command needs, call the service, print, exit.
 * Exit codes: 0 done, 1 the operation failed, 2 bad arguments or configuration.
 */
import { userInfo } from 'node:os';
import { ConfigurationError, createDatabase, createSqlPool, type Database, type SqlPool } from '@cronwise/db';
import { redactUrl } from '@cronwise/db/migrate';
import { isAppError } from '@cronwise/domain';
import { createBoss, ensureQueues } from '@cronwise/jobs';
import {
  closeEngineDependencies,
  createEngineDependencies,
  type EngineDependencies,
  type Operator,
  systemClock,
} from '@cronwise/services';
import type { PgBoss } from 'pg-boss';
import { UsageError } from './arguments';
import { type CliRuntime, COMMANDS } from './commands';
import { type CliEnvironment, loadCliEnvironment } from './env';
import { formatTable } from './output';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const POOL_SIZE = 2;

function helpText(): string {
  const rows = COMMANDS.map((command) => [command.name, command.summary]);
  return [
    'Cronwise admin CLI',
    '',
    'Usage: pnpm cli <command> [options] [--json]',
    '',
    formatTable(['command', 'what it does'], rows),
    '',
    'Run `pnpm cli <command> --help` for its options. --json prints machine-readable output.',
    'Reads DATABASE_URL; when unset, uses the embedded PostgreSQL that `pnpm start` runs.',
  ].join('\n');
}

function operatorName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

interface OpenRuntime extends CliRuntime {
  close(): Promise<void>;
}

function openRuntime(env: CliEnvironment): OpenRuntime {
  let db: Database | undefined;
  let sql: SqlPool | undefined;
  let engine: Promise<{ deps: EngineDependencies; boss: PgBoss }> | undefined;
  const operator: Operator = { via: 'cli', name: operatorName() };
  const openDb = () => {
    db ??= createDatabase({ url: env.databaseUrl, poolSize: POOL_SIZE });
    return db;
  };
  const openEngine = async () => {
    const boss = createBoss({ databaseUrl: env.databaseUrl, poolSize: POOL_SIZE });
    boss.on('error', (error) => console.error(`pg-boss: ${error.message}`));
    await boss.start();
    await ensureQueues(boss);
    const deps = createEngineDependencies({
      databaseUrl: env.databaseUrl,
      db: openDb(),
      boss,
      clock: systemClock,
      tierLimits: env.tierLimits,
      targetAllowlist: env.targetAllowlist,
      encryptionSecret: env.encryptionSecrets(),
      sqlPoolSize: POOL_SIZE,
    });
    return { deps, boss };
  };
  return {
    operator,
    clock: systemClock,
    tierLimits: env.tierLimits,
    encryptionSecrets: env.encryptionSecrets,
    db: openDb,
    sql: () => {
      sql ??= createSqlPool({ url: env.databaseUrl, poolSize: POOL_SIZE, applicationName: 'cronwise-cli' });
      return sql;
    },
    engine: async () => {
      engine ??= openEngine();
      return (await engine).deps;
    },
    close: async () => {
      const opened = await engine?.catch(() => undefined);
      if (opened) {
        await opened.boss.stop({ graceful: true, timeout: 5_000 });
        await closeEngineDependencies(opened.deps);
      }
      await sql?.end();
      await db?.$disconnect();
    },
  };
}

function isConnectionFailure(error: unknown): boolean {
  const text = `${error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)}`;
  return /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|Can't reach database|connect/i.test(text) && !isAppError(error);
}

function reportFailure(error: unknown, env: CliEnvironment, isJson: boolean): void {
  if (isAppError(error)) {
    if (isJson) {
      console.error(JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } }));
      return;
    }
    console.error(`error: ${error.message}`);
    for (const issue of error.details?.issues ?? []) {
      const line = `${issue.path.join('.')}: ${issue.message}`;
      // Validation errors already summarise their issues in the message.
      if (!error.message.includes(line)) console.error(`  ${line}`);
    }
    return;
  }
  // Prisma prefixes its reason with the call site; the reason is the last line.
  const reason = (error instanceof Error ? error.message : String(error)).trim().split('\n').at(-1) ?? '';
  const message = isConnectionFailure(error)
    ? `could not reach the database at ${redactUrl(env.databaseUrl)}${env.isEmbeddedDatabase ? ' (is `pnpm start` running?)' : ''}: ${reason}`
    : `the command failed: ${reason}`;
  console.error(isJson ? JSON.stringify({ error: { code: 'INTERNAL', message } }) : `error: ${message}`);
}

function reportUsage(error: UsageError | ConfigurationError, isJson: boolean): void {
  const usage = error instanceof UsageError && error.usage ? error.usage : undefined;
  if (isJson) {
    console.error(JSON.stringify({ error: { code: 'USAGE', message: error.message, ...(usage ? { usage } : {}) } }));
    return;
  }
  console.error(`error: ${error.message}`);
  if (usage) console.error(`usage: ${usage}`);
  else if (error instanceof UsageError) console.error('Run `pnpm cli help` for the commands.');
}

async function main(argv: string[]): Promise<number> {
  const isJson = argv.includes('--json');
  const [name, ...args] = argv.filter((argument) => argument !== '--json');
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? console.error : console.log)(helpText());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    reportUsage(new UsageError(`unknown command "${name}"; run \`pnpm cli help\` for the list`), isJson);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${command.summary}\n\nusage: ${command.usage} [--json]`);
    return EXIT_OK;
  }

  let work: ReturnType<typeof command.prepare>;
  let env: CliEnvironment;
  try {
    work = command.prepare(args);
    env = loadCliEnvironment();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigurationError) {
      reportUsage(error, isJson);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (env.isEmbeddedDatabase) {
    console.error(
      `DATABASE_URL is unset: using the embedded PostgreSQL of \`pnpm start\` at ${redactUrl(env.databaseUrl)}`,
    );
  }

  const runtime = openRuntime(env);
  try {
    const result = await work(runtime);
    console.log(isJson ? JSON.stringify(result.json, null, 2) : result.text);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ConfigurationError) {
      reportUsage(error, isJson);
      return EXIT_USAGE;
    }
    reportFailure(error, env, isJson);
    return EXIT_FAILED;
  } finally {
    await runtime.close().catch(() => {});
  }
}

process.exitCode = await main(process.argv.slice(2));
process.exit();
