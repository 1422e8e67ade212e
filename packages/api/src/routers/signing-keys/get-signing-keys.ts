import { getSigningKeys as getSigningKeysService } from '@cronwise/services';
import { strictInput } from '../../dto/common';
import { signingKeyRingSchema, toSigningKeyRingDto } from '../../dto/signing-key-dto';
import { authedProcedure } from '../../trpc';

export const getSigningKeys = authedProcedure('admin')
  .meta({
    openapi: {
      method: 'GET',
      path: '/signing-keys',
      tags: ['account'],
      summary: 'The secrets that sign Cronwise’s requests to your endpoints (current, and previous during a rotation)',
    },
  })
  .input(strictInput({}))
  .output(signingKeyRingSchema)
  .query(async ({ ctx }) => toSigningKeyRingDto(await getSigningKeysService(ctx.deps, ctx.actor)));
