import { databaseUrlSchema, parseEnvironment, portSchema, tierLimitsJsonSchema } from '@cronwise/db';
import type { Tier, TierLimits } from '@cronwise/domain';
import { z } from 'zod';

const cliEnvironmentSchema = z.object({
  /** The database to administer; the embedded PostgreSQL of `pnpm start` when unset. */
  DATABASE_URL: databaseUrlSchema.optional(),
  EMBEDDED_POSTGRES_PORT: portSchema.default(54329),
  /** Must match the server's and the worker's when the CLI re-plans schedules. */
  ENCRYPTION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TARGET_ALLOWLIST: z.string().default(''),
  /** The same tier overrides as the server and worker, so re-planned schedules respect them. */
  TIER_LIMITS_JSON: tierLimitsJsonSchema,
});

export interface CliEnvironment {
  databaseUrl: string;
  /** True when DATABASE_URL was unset and the embedded database's URL is used. */
  isEmbeddedDatabase: boolean;
  encryptionSecret: string;
  targetAllowlist: string;
  tierLimits: Record<Tier, TierLimits>;
}

/** Used only when ENCRYPTION_SECRET is unset, as by the development server and worker. */
export const DEVELOPMENT_ENCRYPTION_SECRET = 'cronwise-development-only-encryption-secret';

/** The database `pnpm start` runs when DATABASE_URL is unset (packages/db/src/embedded-postgres.ts). */
export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://postgres:cronwise@127.0.0.1:${port}/cronwise`;
}

export function loadCliEnvironment(source: Record<string, string | undefined> = process.env): CliEnvironment {
  const env = parseEnvironment(cliEnvironmentSchema, source, {
    DATABASE_URL: 'postgresql://postgres:secret@localhost:5432/cronwise',
    EMBEDDED_POSTGRES_PORT: '54329',
    ENCRYPTION_SECRET: '<the same 32+ characters as the server and worker>',
    TARGET_ALLOWLIST: '127.0.0.0/8,internal.example.com',
    TIER_LIMITS_JSON: '{"free":{"maxEndpoints":10}}',
  });
  return {
    databaseUrl: env.DATABASE_URL ?? embeddedDatabaseUrl(env.EMBEDDED_POSTGRES_PORT),
    isEmbeddedDatabase: env.DATABASE_URL === undefined,
    encryptionSecret: env.ENCRYPTION_SECRET ?? DEVELOPMENT_ENCRYPTION_SECRET,
    targetAllowlist: env.TARGET_ALLOWLIST,
    tierLimits: env.TIER_LIMITS_JSON,
  };
}
