import { meSchema, toMeDto } from '../../dto/account-dto';
import { strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const getMe = authedProcedure('read')
  .meta({
    openapi: { method: 'GET', path: '/me', tags: ['account'], summary: 'Who you are and what this credential may do' },
  })
  .input(strictInput({}))
  .output(meSchema)
  .query(({ ctx }) => toMeDto(ctx.actor));
