import { ConfigurationError, createDatabase } from '@cronwise/db';
import { createBoss, ensureQueues } from '@cronwise/jobs';
import {
  closeEngineDependencies,
  createBillingDependencies,
  createEngineDependencies,
  createMailer,
  createServerMetrics,
  loggerOptions,
  startTracing,
  systemClock,
  tracingSettingsFrom,
} from '@cronwise/services';
import pino from 'pino';
import { buildApp } from './app';
import { loadServerEnvironment } from './env';
import { httpSettingsFrom, rateLimitsFrom } from './settings';

// Composition root: read configuration, build dependencies, listen, stop gracefully.
async function main(): Promise<void> {
  const env = loadServerEnvironment();
  const logger = pino(loggerOptions({ level: env.LOG_LEVEL, role: 'server' }));
  // Before anything that makes spans: off (no OTEL_EXPORTER_OTLP_ENDPOINT), nothing is loaded.
  const tracing = await startTracing(tracingSettingsFrom(env));
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
    encryptionSecret: env.encryptionSecrets,
    sqlPoolSize: 4,
    maxBackoffMs: env.MAX_FAILURE_BACKOFF_MS,
  });
  const http = httpSettingsFrom(env);
  const mailer = createMailer({ db, clock: systemClock }, { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }, (message) =>
    logger.info(
      { mail: { id: message.id, to: message.to, subject: message.subject }, text: message.text },
      'mail kept in the outbox (no SMTP_URL); `pnpm cli mail:outbox` shows it',
    ),
  );
  const services = {
    ...engine,
    rateLimits: rateLimitsFrom(env),
    accountMail: { mailer, publicUrl: http.publicUrl },
    // Stripe billing; off (null settings) when no Stripe keys are configured.
    billing: createBillingDependencies(env.billing, { returnUrl: `${http.publicUrl}/billing` }),
  };
  const metrics = { collector: createServerMetrics(engine), token: env.METRICS_TOKEN ?? null };
  const app = await buildApp({ db, boss, logger, services, http, metrics });
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
    await tracing.shutdown();
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
