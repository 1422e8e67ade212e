import { z } from 'zod';

const stdioEnvironmentSchema = z.object({
  CRONWISE_URL: z.url({ message: 'must be the address Cronwise runs at, e.g. http://localhost:3000' }),
  CRONWISE_API_KEY: z
    .string({ message: 'is required: create a key under API keys in the app, or with pnpm cli apikey:create' })
    .trim()
    .min(1, 'is empty: create a key under API keys in the app, or with pnpm cli apikey:create'),
});

export type StdioEnvironment = z.infer<typeof stdioEnvironmentSchema>;

/** Reads the stdio server's configuration; the error lists every problem with an example. */
export function loadStdioEnvironment(source: Record<string, string | undefined> = process.env): StdioEnvironment {
  const parsed = stdioEnvironmentSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(
    `Invalid configuration for cronwise-mcp:\n${lines.join('\n')}\n` +
      'Example: CRONWISE_URL=http://localhost:3000 CRONWISE_API_KEY=cw_... pnpm mcp',
  );
}
