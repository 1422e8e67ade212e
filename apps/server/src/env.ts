import {
  ConfigurationError,
  databaseUrlSchema,
  ENCRYPTION_SECRET_EXAMPLE,
  encryptionSecretShape,
  encryptionSecretsFrom,
  parseEnvironment,
  portSchema,
  positiveIntSchema,
  targetAllowlistSchema,
  tierLimitsJsonSchema,
  trustProxySchema,
} from '@cronwise/db';
import { DEFAULT_MAX_BACKOFF_MS } from '@cronwise/domain';
import {
  BILLING_ENVIRONMENT_EXAMPLES,
  type BillingSettings,
  billingEnvironmentShape,
  billingSettingsFrom,
  TRACING_ENVIRONMENT_EXAMPLES,
  tracingEnvironmentShape,
} from '@cronwise/services';
import { z } from 'zod';

const optionalUrl = z.url().optional();

const serverEnvironmentSchema = z.object({
  DATABASE_URL: databaseUrlSchema,
  PORT: portSchema.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: positiveIntSchema.default(10),
  /** Encrypt secret headers and signing secrets at rest; must match the worker's. Required. */
  ...encryptionSecretShape,
  /** Where people reach Cronwise (OAuth callbacks, allowed origin, OpenAPI servers); http://localhost:PORT when unset. */
  PUBLIC_URL: z.url().optional(),
  /** Extra origins allowed to send cookie-authenticated changes (comma-separated); PUBLIC_URL's is always allowed. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Comma-separated CIDRs or host names that endpoints may target despite the SSRF guard. */
  TARGET_ALLOWLIST: targetAllowlistSchema,
  /** Which proxies may set X-Forwarded-For/-Proto: unset trusts none (the client address is the socket's). */
  TRUST_PROXY: trustProxySchema,
  /** JSON overrides of the tier limits, e.g. {"free":{"maxEndpoints":10}}. */
  TIER_LIMITS_JSON: tierLimitsJsonSchema,
  /** The failure backoff cap, as in the worker: schedule edits plan with the same cap. */
  MAX_FAILURE_BACKOFF_MS: positiveIntSchema.default(DEFAULT_MAX_BACKOFF_MS),
  RATE_LIMIT_PER_USER_PER_MINUTE: positiveIntSchema.default(600),
  RATE_LIMIT_PER_API_KEY_PER_MINUTE: positiveIntSchema.default(300),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; open otherwise (keep it off the internet). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** SMTP server for account mail, e.g. smtp://user:pass@smtp.example.com:587; unset keeps mail in the outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@smtp.example.com:587')
    .optional(),
  /** The From header of Cronwise's e-mail. */
  MAIL_FROM: z.string().min(3).default('Cronwise <no-reply@cronwise.localhost>'),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GITHUB_AUTHORIZATION_URL: optionalUrl,
  GITHUB_TOKEN_URL: optionalUrl,
  GITHUB_USER_URL: optionalUrl,
  GITHUB_EMAILS_URL: optionalUrl,
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GOOGLE_AUTHORIZATION_URL: optionalUrl,
  GOOGLE_TOKEN_URL: optionalUrl,
  GOOGLE_USERINFO_URL: optionalUrl,
  /** Stripe billing; without keys billing is off (see billingSettingsFrom). */
  ...billingEnvironmentShape,
  /** OpenTelemetry traces (a span per API request) to an OTLP/HTTP collector; off when unset. */
  ...tracingEnvironmentShape('cronwise-server'),
});

export type ServerEnvironment = z.infer<typeof serverEnvironmentSchema> & {
  /** ENCRYPTION_SECRET (current) and ENCRYPTION_SECRET_PREVIOUS, for decrypting after a rotation. */
  encryptionSecrets: { current: string; previous: string[] };
  PUBLIC_URL: string;
  /** Null when billing is off. */
  billing: BillingSettings | null;
};

export function loadServerEnvironment(source: Record<string, string | undefined> = process.env): ServerEnvironment {
  const env = parseEnvironment(serverEnvironmentSchema, source, {
    DATABASE_URL: 'postgresql://postgres:secret@localhost:5432/cronwise',
    PORT: '3000',
    HOST: '0.0.0.0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: '10',
    ENCRYPTION_SECRET: ENCRYPTION_SECRET_EXAMPLE,
    ENCRYPTION_SECRET_PREVIOUS: '<the ENCRYPTION_SECRET before the rotation>',
    TRUST_PROXY: '10.0.0.0/8,192.168.1.1',
    PUBLIC_URL: 'https://cronwise.example.com',
    ALLOWED_ORIGINS: 'https://app.example.com',
    TARGET_ALLOWLIST: '127.0.0.0/8,internal.example.com',
    TIER_LIMITS_JSON: '{"free":{"maxEndpoints":10}}',
    MAX_FAILURE_BACKOFF_MS: '86400000',
    GITHUB_AUTHORIZATION_URL: 'https://github.com/login/oauth/authorize',
    ...BILLING_ENVIRONMENT_EXAMPLES,
    SMTP_URL: 'smtp://user:pass@smtp.example.com:587',
    ...TRACING_ENVIRONMENT_EXAMPLES,
  });
  const encryptionSecrets = encryptionSecretsFrom(env);
  const missing: string[] = [];
  for (const provider of ['GITHUB', 'GOOGLE'] as const) {
    if (Boolean(env[`${provider}_CLIENT_ID`]) !== Boolean(env[`${provider}_CLIENT_SECRET`])) {
      missing.push(`  ${provider}_CLIENT_ID / ${provider}_CLIENT_SECRET: set both or neither`);
    }
  }
  if (missing.length > 0) throw new ConfigurationError(`Invalid configuration:\n${missing.join('\n')}`);
  return {
    ...env,
    encryptionSecrets,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    billing: billingSettingsFrom(env),
  };
}
