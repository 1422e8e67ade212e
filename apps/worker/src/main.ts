import { ConfigurationError, createDatabase } from '@cronwise/db';
import { createBoss, ensureQueues } from '@cronwise/jobs';
import pino from 'pino';
import { loadWorkerEnvironment } from './env';

// Composition root: read configuration, build dependencies, register handlers, stop gracefully.
async function main(): Promise<void> {
  const env = loadWorkerEnvironment();
  const logger = pino({ level: env.LOG_LEVEL, base: { role: 'worker' } });
  const db = createDatabase({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE });
  const boss = createBoss({ databaseUrl: env.DATABASE_URL, poolSize: 10, isSupervisor: true, isScheduler: true });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  await boss.start();
  await ensureQueues(boss);
  logger.info({ queues: (await boss.getQueues()).map((queue) => queue.name) }, 'worker ready');

  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'worker stopping: finishing in-flight occurrences');
    await boss.stop({ graceful: true, timeout: 30_000 });
    await db.$disconnect();
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error('Cronwise worker failed to start:', error);
  }
  process.exit(1);
});
