import { ConfigurationError, createDatabase } from '@cronwise/db';
import { createBoss, ensureQueues } from '@cronwise/jobs';
import {
  closeEngineDependencies,
  createBillingDependencies,
  createEngineDependencies,
  createMailer,
  createPlannerSettings,
  createWorkerMetrics,
  loggerOptions,
  plannerProviderSettings,
  reconcileOccurrences,
  startMetricsHttpServer,
  startTracing,
  systemClock,
  tracingSettingsFrom,
  type WorkerMetrics,
} from '@cronwise/services';
import pino, { type Logger } from 'pino';
import { loadWorkerEnvironment } from './env';
import { registerHandlers } from './register-handlers';

// Composition root: read configuration, build dependencies, register handlers, stop gracefully.
async function main(): Promise<void> {
  const env = loadWorkerEnvironment();
  const logger = pino(loggerOptions({ level: env.LOG_LEVEL, role: 'worker' }));
  // Before anything that makes spans: off (no OTEL_EXPORTER_OTLP_ENDPOINT), nothing is loaded.
  const tracing = await startTracing(tracingSettingsFrom(env));
  const db = createDatabase({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE });
  const boss = createBoss({ databaseUrl: env.DATABASE_URL, poolSize: 10, isSupervisor: true, isScheduler: true });
  let isStopping = false;
  boss.on('error', (error) => {
    if (!isStopping) logger.error({ err: error }, 'pg-boss error');
  });
  await boss.start();
  await ensureQueues(boss);

  const engine = createEngineDependencies({
    databaseUrl: env.DATABASE_URL,
    db,
    boss,
    clock: systemClock,
    tierLimits: env.TIER_LIMITS_JSON,
    targetAllowlist: env.TARGET_ALLOWLIST,
    encryptionSecret: env.encryptionSecrets,
    sqlPoolSize: env.DATABASE_POOL_SIZE,
    maxBackoffMs: env.MAX_FAILURE_BACKOFF_MS,
  });
  const deps = {
    ...engine,
    billing: createBillingDependencies(env.billing, { returnUrl: null }),
    planner: createPlannerSettings(plannerProviderSettings(env)),
    // Alert e-mail: SMTP when configured, else the mail_messages outbox (and this log).
    accountMail: {
      mailer: createMailer({ db, clock: systemClock }, { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }, (message) =>
        logger.info(
          { mail: { id: message.id, to: message.to, subject: message.subject }, text: message.text },
          'mail kept in the outbox (no SMTP_URL); `pnpm cli mail:outbox` shows it',
        ),
      ),
      publicUrl: env.PUBLIC_URL,
    },
  };
  const metrics = createWorkerMetrics();
  await registerHandlers(boss, deps, logger, {
    batchSize: env.WORKER_BATCH_SIZE,
    pollers: env.WORKER_POLLERS,
    autoPauseAfterFailures: env.AUTO_PAUSE_AFTER_FAILURES,
    plannerConcurrency: env.PLANNER_CONCURRENCY,
    metrics,
  });
  const metricsServer = await startWorkerMetrics(metrics, env.WORKER_METRICS_PORT, logger);
  // Repair right away after a restart instead of waiting for the first scheduled pass.
  const { repaired } = await reconcileOccurrences(deps);
  logger.info(
    { repaired: repaired.length, queues: (await boss.getQueues()).map((queue) => queue.name) },
    'worker ready',
  );

  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'worker stopping: finishing in-flight occurrences');
    await boss.stop({ graceful: true, timeout: 30_000 });
    await metricsServer?.close();
    await closeEngineDependencies(engine);
    await db.$disconnect();
    await tracing.shutdown();
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Several workers on one machine cannot share the port: the second one runs without metrics and says so. */
async function startWorkerMetrics(metrics: WorkerMetrics, port: number, logger: Logger) {
  if (port === 0) return null;
  try {
    const server = await startMetricsHttpServer({ registry: metrics.registry, port });
    logger.info({ port: server.port }, `worker metrics at http://localhost:${server.port}/metrics`);
    return server;
  } catch (error) {
    logger.warn(
      { err: error, port },
      `worker metrics are off: port ${port} is not available; give each worker on this machine its own WORKER_METRICS_PORT (0 turns metrics off)`,
    );
    return null;
  }
}

main().catch((error) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error('Cronwise worker failed to start:', error);
  }
  process.exit(1);
});
