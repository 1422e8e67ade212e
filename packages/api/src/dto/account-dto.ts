import type { Actor, ApiKeyRecord, UsageReport, UserRecord } from '@cronwise/services';
import { z } from 'zod';
import { isoOrNull } from './common';

export const scopeSchema = z.enum(['read', 'write', 'admin']);

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['user', 'admin']),
    tier: z.enum(['free', 'pro', 'enterprise']),
    emailVerified: z
      .boolean()
      .meta({ description: 'Whether the address is confirmed; API keys need a confirmed address' }),
  })
  .meta({ id: 'User' });

export const meSchema = userSchema
  .extend({
    authenticatedWith: z.enum(['session', 'api-key']),
    scopes: z.array(scopeSchema).meta({ description: 'What this credential may do; sessions have every scope' }),
  })
  .meta({ id: 'Me' });

export function toUserDto(
  user: Pick<UserRecord, 'id' | 'email' | 'name' | 'role' | 'tier' | 'emailVerifiedAt'>,
): z.infer<typeof userSchema> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

export function toMeDto(actor: Actor): z.infer<typeof meSchema> {
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    tier: actor.tier,
    emailVerified: actor.isEmailVerified,
    authenticatedWith: actor.credential.kind,
    scopes: actor.credential.kind === 'api-key' ? actor.credential.scopes : ['read', 'write', 'admin'],
  };
}

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: 'The first characters of the key, to recognise it' }),
    scopes: z.array(scopeSchema),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export function toApiKeyDto(key: ApiKeyRecord): z.infer<typeof apiKeySchema> {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes.filter((scope): scope is 'read' | 'write' | 'admin' =>
      ['read', 'write', 'admin'].includes(scope),
    ),
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: isoOrNull(key.lastUsedAt),
    expiresAt: isoOrNull(key.expiresAt),
  };
}

export const usageSchema = z
  .object({
    tier: z.enum(['free', 'pro', 'enterprise']),
    month: z.string().meta({ example: '2026-12' }),
    runs: z.number().int(),
    runsLimit: z.number().int(),
    aiTokens: z.number().int(),
    aiTokensLimit: z.number().int(),
    endpoints: z.number().int(),
    endpointsLimit: z.number().int(),
    resetsAt: z.string(),
  })
  .meta({ id: 'Usage' });

export function toUsageDto(usage: UsageReport): z.infer<typeof usageSchema> {
  return { ...usage, resetsAt: usage.resetsAt.toISOString() };
}
