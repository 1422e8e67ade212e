import { approveProposal as approveService, rejectProposal as rejectService } from '@cronwise/services';
import { z } from 'zod';
import { aiProposalSchema, toAiProposalDto } from '../../dto/ai-dto';
import { idSchema, strictInput } from '../../dto/common';
import { endpointSchema, toEndpointDto } from '../../dto/endpoint-dto';
import { authedProcedure } from '../../trpc';

export const approveProposal = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/proposals/{id}/approve',
      tags: ['ai'],
      summary: 'Approve a pending proposal: it applies with the TTL it has left',
      description: '409 when it is no longer pending (decided, expired, superseded) or a person paused the endpoint.',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(z.object({ proposal: aiProposalSchema, endpoint: endpointSchema }))
  .mutation(async ({ ctx, input }) => {
    const { proposal, endpoint } = await approveService(ctx.deps, ctx.actor, input.id);
    return { proposal: toAiProposalDto(proposal), endpoint: toEndpointDto(endpoint) };
  });

export const rejectProposal = authedProcedure('write')
  .meta({
    openapi: {
      method: 'POST',
      path: '/proposals/{id}/reject',
      tags: ['ai'],
      summary: 'Reject a pending proposal; the endpoint is unchanged',
    },
  })
  .input(strictInput({ id: idSchema }))
  .output(z.object({ proposal: aiProposalSchema }))
  .mutation(async ({ ctx, input }) => {
    const { proposal } = await rejectService(ctx.deps, ctx.actor, input.id);
    return { proposal: toAiProposalDto(proposal) };
  });
