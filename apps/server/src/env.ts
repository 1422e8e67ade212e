import { databaseUrlSchema, parseEnvironment, portSchema, positiveIntSchema } from '@cronwise/db';
import { z } from 'zod';

const serverEnvironmentSchema = z.object({
  DATABASE_URL: databaseUrlSchema,
  PORT: portSchema.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: positiveIntSchema.default(10),
});

export type ServerEnvironment = z.infer<typeof serverEnvironmentSchema>;

export function loadServerEnvironment(source: Record<string, string | undefined> = process.env): ServerEnvironment {
  return parseEnvironment(serverEnvironmentSchema, source, {
    DATABASE_URL: 'postgresql://postgres:secret@localhost:5432/cronwise',
    PORT: '3000',
    HOST: '0.0.0.0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: '10',
  });
}
