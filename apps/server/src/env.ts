import {
  ConfigurationError,
  databaseUrlSchema,
  parseEnvironment,
  portSchema,
  positiveIntSchema,
  tierLimitsJsonSchema,
} from '@cronwise/db';
import { DEFAULT_MAX_BACKOFF_MS, parseAllowlist } from '@cronwise/domain';
import {
  BILLING_ENVIRONMENT_EXAMPLES,
  type BillingSettings,
  billingEnvironmentShape,
  billingSettingsFrom,
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
  /** Encrypts secret headers and signing secrets at rest; must match the worker's. */
  ENCRYPTION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where people reach Cronwise (OAuth callbacks, allowed origin, OpenAPI servers); http://localhost:PORT when unset. */
  PUBLIC_URL: z.url().optional(),
  /** Extra origins allowed to send cookie-authenticated changes (comma-separated); PUBLIC_URL's is always allowed. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Comma-separated CIDRs or host names that endpoints may target despite the SSRF guard. */
  TARGET_ALLOWLIST: z
    .string()
    .default('')
    .refine((value) => {
      try {
        parseAllowlist(value);
        return true;
      } catch {
        return false;
      }
    }, 'must list CIDRs (10.0.0.0/8), addresses or host names (*.corp.example.com), separated by commas'),
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
});

export type ServerEnvironment = z.infer<typeof serverEnvironmentSchema> & {
  ENCRYPTION_SECRET: string;
  PUBLIC_URL: string;
  /** Null when billing is off. */
  billing: BillingSettings | null;
};

/** Used only outside production, so a development server starts without configuration. */
export const DEVELOPMENT_ENCRYPTION_SECRET = 'cronwise-development-only-encryption-secret';

export function loadServerEnvironment(source: Record<string, string | undefined> = process.env): ServerEnvironment {
  const env = parseEnvironment(serverEnvironmentSchema, source, {
    DATABASE_URL: 'postgresql://postgres:secret@localhost:5432/cronwise',
    PORT: '3000',
    HOST: '0.0.0.0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: '10',
    ENCRYPTION_SECRET: '<32+ random characters, e.g. from openssl rand -base64 48>',
    PUBLIC_URL: 'https://cronwise.example.com',
    ALLOWED_ORIGINS: 'https://app.example.com',
    TARGET_ALLOWLIST: '127.0.0.0/8,internal.example.com',
    TIER_LIMITS_JSON: '{"free":{"maxEndpoints":10}}',
    MAX_FAILURE_BACKOFF_MS: '86400000',
    GITHUB_AUTHORIZATION_URL: 'https://github.com/login/oauth/authorize',
    ...BILLING_ENVIRONMENT_EXAMPLES,
    SMTP_URL: 'smtp://user:pass@smtp.example.com:587',
  });
  const isProduction = env.NODE_ENV === 'production';
  const missing: string[] = [];
  if (isProduction && !env.ENCRYPTION_SECRET) {
    missing.push(
      '  ENCRYPTION_SECRET: is required in production (it is not set); example: ENCRYPTION_SECRET=<32+ random characters>',
    );
  }
  for (const provider of ['GITHUB', 'GOOGLE'] as const) {
    if (Boolean(env[`${provider}_CLIENT_ID`]) !== Boolean(env[`${provider}_CLIENT_SECRET`])) {
      missing.push(`  ${provider}_CLIENT_ID / ${provider}_CLIENT_SECRET: set both or neither`);
    }
  }
  if (missing.length > 0) throw new ConfigurationError(`Invalid configuration:\n${missing.join('\n')}`);
  return {
    ...env,
    ENCRYPTION_SECRET: env.ENCRYPTION_SECRET ?? DEVELOPMENT_ENCRYPTION_SECRET,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    billing: billingSettingsFrom(env),
  };
}
