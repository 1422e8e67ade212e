import { listApiKeys as listApiKeysService } from '@cronwise/services';
import { z } from 'zod';
import { apiKeySchema, toApiKeyDto } from '../../dto/account-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const listApiKeys = authedProcedure('admin')
  .meta({ openapi: { method: 'GET', path: '/api-keys', tags: ['api-keys'], summary: 'List your active API keys' } })
  .input(strictInput({}))
  .output(z.object({ items: z.array(apiKeySchema) }))
  .query(async ({ ctx }) => ({ items: (await listApiKeysService(ctx.deps, ctx.actor)).map(toApiKeyDto) }));
