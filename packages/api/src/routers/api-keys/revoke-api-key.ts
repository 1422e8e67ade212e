import { revokeApiKey as revokeApiKeyService } from '@cronwise/services';
import { deletedSchema, idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const revokeApiKey = authedProcedure('admin')
  .meta({
    openapi: { method: 'DELETE', path: '/api-keys/{id}', tags: ['api-keys'], summary: 'Revoke an API key at once' },
  })
  .input(strictInput({ id: idSchema }))
  .output(deletedSchema)
  .mutation(async ({ ctx, input }) => {
    await revokeApiKeyService(ctx.deps, ctx.actor, input.id);
    return { id: input.id, deleted: true as const };
  });
