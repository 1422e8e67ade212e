import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';

/** A mistake in the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses `--name value` options strictly (unknown options and stray words are errors) and
 * validates them with `schema`; every problem names the option and what it accepts.
 */
export function parseOptions<Schema extends z.ZodType>(
  args: string[],
  options: OptionSpec,
  schema: Schema,
  usage: string,
): z.infer<Schema> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(readableParseError(error), usage);
  }
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const option = issue.path[0];
    const label = typeof option === 'string' ? `--${option}` : 'arguments';
    return issue.code === 'invalid_type' && issue.input === undefined
      ? `${label} is required`
      : `${label}: ${issue.message}`;
  });
  throw new UsageError(problems.join('; '), usage);
}

function readableParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // node:util's messages are precise but long; keep their first sentence.
  return message.split('. ')[0]?.replace(/\.$/, '') ?? message;
}
