import { ConfigurationError, createDatabase } from '@cronwise/db';
import { createBoss, ensureQueues } from '@cronwise/jobs';
import { closeEngineDependencies, createEngineDependencies, systemClock } from '@cronwise/services';
import pino from 'pino';
import { buildApp } from './app';
import { loadServerEnvironment } from './env';
import { httpSettingsFrom, rateLimitsFrom } from './settings';

// Composition root: read configuration, build dependencies, listen, stop gracefully.
async function main(): Promise<void> {
  const env = loadServerEnvironment();
  const logger = pino({ level: env.LOG_LEVEL, base: { role: 'server' } });
  const db = createDatabase({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE });
  const boss = createBoss({ databaseUrl: env.DATABASE_URL, poolSize: 4 });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  await boss.start();
  await ensureQueues(boss);

  const engine = createEngineDependencies({
    databaseUrl: env.DATABASE_URL,
    db,
    boss,
    clock: systemClock,
    tierLimits: env.TIER_LIMITS_JSON,
    targetAllowlist: env.TARGET_ALLOWLIST,
    encryptionSecret: env.ENCRYPTION_SECRET,
    sqlPoolSize: 4,
  });
  const services = { ...engine, rateLimits: rateLimitsFrom(env) };
  const app = await buildApp({ db, boss, logger, services, http: httpSettingsFrom(env) });
  await app.listen({ port: env.PORT, host: env.HOST });

  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'server stopping');
    await app.close();
    await closeEngineDependencies(engine);
    await boss.stop({ graceful: true, timeout: 10_000 });
    await db.$disconnect();
    logger.info('server stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error('Cronwise server failed to start:', error);
  }
  process.exit(1);
});
