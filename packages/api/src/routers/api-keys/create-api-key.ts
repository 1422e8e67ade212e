import { createApiKey as createApiKeyService, MAX_API_KEY_LIFETIME_DAYS } from '@cronwise/services';
import { z } from 'zod';
import { apiKeySchema, scopeSchema, toApiKeyDto } from '../../dto/account-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const createApiKey = authedProcedure('admin')
  .meta({
    openapi: {
      method: 'POST',
      path: '/api-keys',
      tags: ['api-keys'],
      summary: 'Create an API key; the key is in this response only',
    },
  })
  .input(
    strictInput({
      name: z.string().trim().min(1).max(100),
      scopes: z.array(scopeSchema).min(1).meta({ description: 'read, write (implies read), admin (everything)' }),
      expiresInDays: z.number().int().min(1).max(MAX_API_KEY_LIFETIME_DAYS).optional(),
    }),
  )
  .output(apiKeySchema.extend({ key: z.string().meta({ description: 'Shown once; store it now' }) }))
  .mutation(async ({ ctx, input }) => {
    const created = await createApiKeyService(ctx.deps, ctx.actor, input);
    return { ...toApiKeyDto(created.apiKey), key: created.key };
  });
