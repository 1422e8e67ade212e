import { listProposals as listProposalsService } from '@cronwise/services';
import { z } from 'zod';
import { aiProposalSchema, proposalStatusSchema, toAiProposalDto } from '../../dto/ai-dto';
import { idSchema, strictInput } from '../../dto/common';
import { authedProcedure } from '../../trpc';

export const listProposals = authedProcedure('read')
  .meta({
    openapi: {
      method: 'GET',
      path: '/endpoints/{id}/proposals',
      tags: ['ai'],
      summary: 'The planner’s proposals for an endpoint, newest first (at most 100)',
      description: 'In suggest mode proposals wait as pending until approved, rejected, or expired with their TTL.',
    },
  })
  .input(strictInput({ id: idSchema, status: proposalStatusSchema.optional() }))
  .output(z.object({ items: z.array(aiProposalSchema) }))
  .query(async ({ ctx, input }) => ({
    items: (await listProposalsService(ctx.deps, ctx.actor, input.id, input.status)).map(toAiProposalDto),
  }));
