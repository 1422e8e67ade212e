import { z } from 'zod';
import { meSchema, toMeDto } from '../../dto/account-dto';
import { authedProcedure } from '../../trpc';

export const getMe = authedProcedure('read')
  .meta({
    openapi: { method: 'GET', path: '/me', tags: ['account'], summary: 'Who you are and what this credential may do' },
  })
  .input(z.object({}))
  .output(meSchema)
  .query(({ ctx }) => toMeDto(ctx.actor));
