import {
  ConfigurationError,
  databaseUrlSchema,
  ENCRYPTION_SECRET_EXAMPLE,
  encryptionSecretShape,
  encryptionSecretsFrom,
  parseEnvironment,
  positiveIntSchema,
  targetAllowlistSchema,
  tierLimitsJsonSchema,
} from '@cronwise/db';
import { DEFAULT_MAX_BACKOFF_MS } from '@cronwise/domain';
import {
  aiEnvironmentProblems,
  aiEnvironmentShape,
  BILLING_ENVIRONMENT_EXAMPLES,
  type BillingSettings,
  billingEnvironmentShape,
  billingSettingsFrom,
  TRACING_ENVIRONMENT_EXAMPLES,
  tracingEnvironmentShape,
} from '@cronwise/services';
import { z } from 'zod';

const workerEnvironmentSchema = z.object({
  DATABASE_URL: databaseUrlSchema,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: positiveIntSchema.default(10),
  /** Jobs fetched per poll; batchSize 1 caps pg-boss at a few jobs per second (stack.md). */
  WORKER_BATCH_SIZE: positiveIntSchema.default(100),
  /** Concurrent pollers on the occurrence queue. */
  WORKER_POLLERS: positiveIntSchema.default(4),
  /** Comma-separated CIDRs or host names that may be called despite the SSRF guard. */
  TARGET_ALLOWLIST: targetAllowlistSchema,
  /** Encrypt signing secrets and secret headers at rest; must match the server's. Required. */
  ...encryptionSecretShape,
  /** Consecutive failed runs after which an endpoint is paused by the system. */
  AUTO_PAUSE_AFTER_FAILURES: positiveIntSchema.default(15),
  /** Port of this worker's Prometheus /metrics listener; 0 turns it off. */
  WORKER_METRICS_PORT: z.coerce
    .number()
    .int('must be a whole number')
    .min(0, 'must be between 0 (off) and 65535')
    .max(65535, 'must be between 0 (off) and 65535')
    .default(9464),
  /** The longest a failing endpoint waits between runs (failure backoff cap), in milliseconds; 24 h by default. */
  MAX_FAILURE_BACKOFF_MS: positiveIntSchema.default(DEFAULT_MAX_BACKOFF_MS),
  /** JSON overrides of the tier limits, e.g. {"free":{"runsPerMonth":20000}}. */
  TIER_LIMITS_JSON: tierLimitsJsonSchema,
  /** Stripe (the grace and cancellation reviews re-read subscriptions); same values as the server. */
  ...billingEnvironmentShape,
  /** Planner sessions run at once on this worker (and one per tenant at a time across workers). */
  PLANNER_CONCURRENCY: positiveIntSchema.default(2),
  /** The planner's model: heuristic (the default, no key needed), openai, anthropic, openai-compatible. */
  ...aiEnvironmentShape,
  /** Where alert e-mail goes, as on the server: unset keeps it in the mail outbox (pnpm cli mail:outbox). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@smtp.example.com:587')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Cronwise <no-reply@cronwise.localhost>'),
  /** Links in alerts point here (the server's PUBLIC_URL). */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** OpenTelemetry traces (batch and dispatch spans) to an OTLP/HTTP collector; off when unset. */
  ...tracingEnvironmentShape('cronwise-worker'),
});

export type WorkerEnvironment = z.infer<typeof workerEnvironmentSchema> & {
  billing: BillingSettings | null;
  /** ENCRYPTION_SECRET (current) and ENCRYPTION_SECRET_PREVIOUS, for decrypting after a rotation. */
  encryptionSecrets: { current: string; previous: string[] };
};

export function loadWorkerEnvironment(source: Record<string, string | undefined> = process.env): WorkerEnvironment {
  const env = parseEnvironment(workerEnvironmentSchema, source, {
    DATABASE_URL: 'postgresql://postgres:secret@localhost:5432/cronwise',
    LOG_LEVEL: 'info',
    WORKER_BATCH_SIZE: '100',
    WORKER_POLLERS: '4',
    TARGET_ALLOWLIST: '127.0.0.0/8,internal.example.com',
    ENCRYPTION_SECRET: ENCRYPTION_SECRET_EXAMPLE,
    ENCRYPTION_SECRET_PREVIOUS: '<the ENCRYPTION_SECRET before the rotation>',
    AUTO_PAUSE_AFTER_FAILURES: '15',
    MAX_FAILURE_BACKOFF_MS: '86400000',
    TIER_LIMITS_JSON: '{"free":{"runsPerMonth":20000}}',
    ...BILLING_ENVIRONMENT_EXAMPLES,
    PLANNER_CONCURRENCY: '2',
    SMTP_URL: 'smtp://user:pass@smtp.example.com:587',
    PUBLIC_URL: 'https://cronwise.example.com',
    AI_PROVIDER: 'heuristic',
    AI_BASE_URL: 'http://127.0.0.1:11434/v1',
    AI_MODEL: 'gpt-4o-mini',
    AI_API_KEY: '<your provider key>',
    ...TRACING_ENVIRONMENT_EXAMPLES,
  });
  const encryptionSecrets = encryptionSecretsFrom(env);
  // AI_PROVIDER needs its companions (a key, a base URL, a model): every gap is reported at start-up.
  const aiProblems = aiEnvironmentProblems(env);
  if (aiProblems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n${aiProblems.map((line) => `  ${line}`).join('\n')}`);
  }
  return { ...env, billing: billingSettingsFrom(env), encryptionSecrets };
}
