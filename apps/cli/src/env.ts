import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  databaseUrlSchema,
  encryptionSecretShape,
  encryptionSecretsFrom,
  parseEnvironment,
  portSchema,
  tierLimitsJsonSchema,
} from '@cronwise/db';
import { REPOSITORY_ROOT } from '@cronwise/db/migrate';
import type { Tier, TierLimits } from '@cronwise/domain';
import { z } from 'zod';

const cliEnvironmentSchema = z.object({
  /** The database to administer; the embedded PostgreSQL of `pnpm start` when unset. */
  DATABASE_URL: databaseUrlSchema.optional(),
  EMBEDDED_POSTGRES_PORT: portSchema.default(54329),
  /** Must match the server's and the worker's when the CLI re-plans schedules or re-encrypts. */
  ...encryptionSecretShape,
  /** Where `pnpm start` keeps the embedded database and its encryption secret. */
  CRONWISE_DATA_DIR: z.string().min(1).default('.data'),
  TARGET_ALLOWLIST: z.string().default(''),
  /** The same tier overrides as the server and worker, so re-planned schedules respect them. */
  TIER_LIMITS_JSON: tierLimitsJsonSchema,
});

export interface CliEnvironment {
  databaseUrl: string;
  /** True when DATABASE_URL was unset and the embedded database's URL is used. */
  isEmbeddedDatabase: boolean;
  /**
   * ENCRYPTION_SECRET (and ENCRYPTION_SECRET_PREVIOUS); with the embedded database, the secret
   * `pnpm start` keeps in its data directory. Reading it throws when neither is there.
   */
  encryptionSecrets(): { current: string; previous: string[] };
  targetAllowlist: string;
  tierLimits: Record<Tier, TierLimits>;
}

/** The database `pnpm start` runs when DATABASE_URL is unset (packages/db/src/embedded-postgres.ts). */
export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://postgres:cronwise@127.0.0.1:${port}/cronwise`;
}

export function loadCliEnvironment(source: Record<string, string | undefined> = process.env): CliEnvironment {
  const env = parseEnvironment(cliEnvironmentSchema, source, {
    DATABASE_URL: 'postgresql://postgres:secret@localhost:5432/cronwise',
    EMBEDDED_POSTGRES_PORT: '54329',
    ENCRYPTION_SECRET: '<the same 32+ characters as the server and worker>',
    ENCRYPTION_SECRET_PREVIOUS: '<the ENCRYPTION_SECRET before the rotation>',
    TARGET_ALLOWLIST: '127.0.0.0/8,internal.example.com',
    TIER_LIMITS_JSON: '{"free":{"maxEndpoints":10}}',
  });
  return {
    databaseUrl: env.DATABASE_URL ?? embeddedDatabaseUrl(env.EMBEDDED_POSTGRES_PORT),
    isEmbeddedDatabase: env.DATABASE_URL === undefined,
    encryptionSecrets: () => {
      const localSecretFile = path.resolve(REPOSITORY_ROOT, env.CRONWISE_DATA_DIR, 'encryption-secret');
      const isLocal = env.DATABASE_URL === undefined && !env.ENCRYPTION_SECRET && existsSync(localSecretFile);
      return encryptionSecretsFrom({
        ...env,
        ENCRYPTION_SECRET: isLocal ? readFileSync(localSecretFile, 'utf8').trim() : env.ENCRYPTION_SECRET,
      });
    },
    targetAllowlist: env.TARGET_ALLOWLIST,
    tierLimits: env.TIER_LIMITS_JSON,
  };
}
