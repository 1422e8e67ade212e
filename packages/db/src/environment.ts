import { randomBytes } from 'node:crypto';
import { isAppError, parseAllowlist, resolveTierLimits } from '@cronwise/domain';
import { z } from 'zod';

/**
 * Shared pieces of each app's zod-validated env.ts. Apps call `parseEnvironment`
 * once at start-up; nothing else reads process.env.
 */
export const databaseUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgres:// or postgresql:// URL with a host');

export const portSchema = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

export const positiveIntSchema = z.coerce.number().int('must be a whole number').positive('must be positive');

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * Validates `source` against `schema`; on failure throws one message naming each
 * variable, what is wrong with its value, and an example of a valid value.
 */
export function parseEnvironment<Schema extends z.ZodObject>(
  schema: Schema,
  source: Record<string, string | undefined>,
  examples: Partial<Record<keyof z.infer<Schema> & string, string>>,
): z.infer<Schema> {
  // Empty strings mean "unset", as in most shells' `VAR= command`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(unknown)');
    const value = cleaned[name];
    const shown = value === undefined ? 'it is not set' : `got ${JSON.stringify(redact(name, value))}`;
    const example = (examples as Record<string, string | undefined>)[name];
    return `  ${name}: ${issue.message} (${shown})${example ? `; example: ${name}=${example}` : ''}`;
  });
  throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
}

function redact(name: string, value: string): string {
  if (/secret|password|key|token/i.test(name)) return '***';
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.protocol.startsWith('postgres') ? url.toString() : value;
  } catch {
    return value;
  }
}

/**
 * TIER_LIMITS_JSON: a deployment's overrides of the plan limits, validated at
 * start-up (unknown tiers or limits and bad values stop the app) and resolved
 * into the full table; unset means the built-in limits.
 */
export const tierLimitsJsonSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    try {
      return resolveTierLimits(value === undefined ? undefined : JSON.parse(value));
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `must be JSON such as {"free":{"maxEndpoints":10}} with known tiers and limits (${error instanceof Error ? error.message : String(error)})`,
      });
      return z.NEVER;
    }
  });

/**
 * TARGET_ALLOWLIST: CIDRs and host names the SSRF guard lets through. Each refused entry is
 * reported with the reason (not a CIDR, too broad, ...), so the operator can fix it.
 */
export const targetAllowlistSchema = z
  .string()
  .default('')
  .superRefine((value, context) => {
    try {
      parseAllowlist(value);
    } catch (error) {
      const messages = isAppError(error)
        ? (error.details?.issues ?? []).map((found) => found.message)
        : [error instanceof Error ? error.message : String(error)];
      context.addIssue({
        code: 'custom',
        message: `must list CIDRs (10.0.0.0/8), addresses or host names (*.corp.example.com), separated by commas: ${messages.join('; ')}`,
      });
    }
  });

const encryptionSecretSchema = z.string().min(32, 'must be at least 32 characters');

/** The encryption secrets of server, worker and CLI (they must agree). */
export const encryptionSecretShape = {
  /** Encrypts signing secrets and secret headers at rest. */
  ENCRYPTION_SECRET: encryptionSecretSchema.optional(),
  /** The secret before a rotation: still decrypts until `pnpm cli secrets:reencrypt` has run. */
  ENCRYPTION_SECRET_PREVIOUS: encryptionSecretSchema.optional(),
};

export const ENCRYPTION_SECRET_EXAMPLE = '<32+ random characters, e.g. from openssl rand -base64 48>';

/**
 * The secrets a process encrypts and decrypts with. A missing ENCRYPTION_SECRET stops the
 * process: any fallback would be a value that is public in this repository. Only tests
 * (NODE_ENV=test) get a generated one; `pnpm start` with the embedded database keeps its own
 * secret in its data directory and passes it in.
 */
export function encryptionSecretsFrom(env: {
  NODE_ENV?: string;
  ENCRYPTION_SECRET?: string | undefined;
  ENCRYPTION_SECRET_PREVIOUS?: string | undefined;
}): { current: string; previous: string[] } {
  const previous = env.ENCRYPTION_SECRET_PREVIOUS ? [env.ENCRYPTION_SECRET_PREVIOUS] : [];
  if (env.ENCRYPTION_SECRET) return { current: env.ENCRYPTION_SECRET, previous };
  if (env.NODE_ENV === 'test') return { current: randomBytes(48).toString('base64url'), previous };
  throw new ConfigurationError(
    `Invalid configuration:\n  ENCRYPTION_SECRET: is required (it is not set); it encrypts signing secrets and secret headers, and server, worker and CLI must share it. Only \`pnpm start\` with the embedded database creates one for you; example: ENCRYPTION_SECRET=${ENCRYPTION_SECRET_EXAMPLE}`,
  );
}

/**
 * TRUST_PROXY: whose X-Forwarded-* headers to believe. Unset trusts nobody, so a client cannot
 * pick the address its rate limits are counted under. `true` trusts every hop (only behind a
 * proxy that overwrites the headers); anything else is a comma-separated list of proxy
 * addresses or CIDRs.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .optional()
  .transform((value, context): boolean | string => {
    if (value === undefined || value === '' || value === 'false') return false;
    if (value === 'true') return true;
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    try {
      const parsed = parseAllowlist(entries);
      if (parsed.hosts.length === 0) return entries.join(',');
    } catch {
      // reported below
    }
    context.addIssue({
      code: 'custom',
      message: 'must be true, false, or proxy addresses and CIDRs separated by commas (10.0.0.0/8,192.168.1.1)',
    });
    return z.NEVER;
  });
