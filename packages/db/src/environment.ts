import { resolveTierLimits } from '@cronwise/domain';
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
