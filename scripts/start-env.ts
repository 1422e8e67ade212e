import { databaseUrlSchema, parseEnvironment, portSchema } from '@cronwise/db';
import { z } from 'zod';

const startEnvironmentSchema = z.object({
  DATABASE_URL: databaseUrlSchema.optional(),
  /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is unset. */
  CRONWISE_DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_POSTGRES_PORT: portSchema.default(54329),
  TARGET_ALLOWLIST: z.string().optional(),
  /** The server's port and public origin, for the banner (the server validates them itself). */
  PORT: portSchema.default(3000),
  PUBLIC_URL: z.url().optional(),
  /** Any value turns colours off in the terminal output (https://no-color.org). */
  NO_COLOR: z.string().optional(),
});

export type StartEnvironment = z.infer<typeof startEnvironmentSchema>;

export function loadStartEnvironment(source: Record<string, string | undefined> = process.env): StartEnvironment {
  return parseEnvironment(startEnvironmentSchema, source, {
    DATABASE_URL: 'postgresql://postgres:secret@localhost:5432/cronwise',
    CRONWISE_DATA_DIR: '.data',
    EMBEDDED_POSTGRES_PORT: '54329',
    TARGET_ALLOWLIST: '127.0.0.0/8',
    PORT: '3000',
    PUBLIC_URL: 'https://cronwise.example.com',
  });
}
