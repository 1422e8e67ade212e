import type { AiProposalRecord, AiSessionDetail, AiSessionRecord } from '@cronwise/services';
import { z } from 'zod';
import { isoOrNull } from './common';

export const aiSessionOutcomeSchema = z.string().nullable().meta({
  description:
    'submitted, no_action, step_limit, time_limit, budget_exhausted or provider_error; null while the session is queued or running',
});

export const aiSessionSummarySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    trigger: z.string().meta({ description: 'run-change, scheduled, manual or sibling' }),
    provider: z.string(),
    model: z.string(),
    outcome: aiSessionOutcomeSchema,
    reasoning: z.string().nullable(),
    steps: z.number().int(),
    tokensIn: z.number().int(),
    tokensOut: z.number().int(),
    durationMs: z.number().int().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    nextAnalysisAt: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'AiSessionSummary' });

export const proposalStatusSchema = z.enum(['pending', 'approved', 'rejected', 'expired', 'applied', 'superseded']);

export const aiProposalSchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    sessionId: z.string(),
    kind: z.enum(['interval', 'one_shot', 'pause', 'clear']),
    payload: z
      .object({
        intervalMs: z.number().int().optional(),
        ttlMs: z.number().int().optional(),
        runAt: z.string().optional(),
        until: z.string().optional(),
      })
      .meta({ description: 'interval: intervalMs and ttlMs; one_shot: runAt; pause: until; clear: empty' }),
    reason: z.string(),
    status: proposalStatusSchema,
    expiresAt: z
      .string()
      .nullable()
      .meta({ description: 'A pending proposal lapses here; approval keeps this expiry' }),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AiProposal' });

export const aiToolCallSchema = z.object({
  name: z.string(),
  input: z.unknown(),
  output: z.unknown().meta({ description: 'The tool result (or error message), summarised past 1,500 characters' }),
  durationMs: z.number().int(),
  isError: z.boolean(),
});

export const aiSessionSchema = aiSessionSummarySchema
  .extend({
    toolCalls: z.array(aiToolCallSchema),
    warnings: z.array(z.string()),
    proposals: z.array(aiProposalSchema),
  })
  .meta({ id: 'AiSession' });

export function toAiSessionSummaryDto(session: AiSessionRecord): z.infer<typeof aiSessionSummarySchema> {
  return {
    id: session.id,
    endpointId: session.endpointId,
    trigger: session.trigger,
    provider: session.provider,
    model: session.model,
    outcome: session.outcome,
    reasoning: session.reasoning,
    steps: session.steps,
    tokensIn: session.tokensIn,
    tokensOut: session.tokensOut,
    durationMs: session.durationMs,
    startedAt: session.startedAt.toISOString(),
    finishedAt: isoOrNull(session.finishedAt),
    nextAnalysisAt: isoOrNull(session.nextAnalysisAt),
    error: session.error,
  };
}

export function toAiProposalDto(proposal: AiProposalRecord): z.infer<typeof aiProposalSchema> {
  const payload = (proposal.payload ?? {}) as z.infer<typeof aiProposalSchema>['payload'];
  return {
    id: proposal.id,
    endpointId: proposal.endpointId,
    sessionId: proposal.aiSessionId,
    kind: proposal.kind as z.infer<typeof aiProposalSchema>['kind'],
    payload: {
      ...(payload.intervalMs !== undefined ? { intervalMs: payload.intervalMs } : {}),
      ...(payload.ttlMs !== undefined ? { ttlMs: payload.ttlMs } : {}),
      ...(payload.runAt !== undefined ? { runAt: payload.runAt } : {}),
      ...(payload.until !== undefined ? { until: payload.until } : {}),
    },
    reason: proposal.reason,
    status: proposal.status as z.infer<typeof proposalStatusSchema>,
    expiresAt: isoOrNull(proposal.expiresAt),
    decidedAt: isoOrNull(proposal.decidedAt),
    createdAt: proposal.createdAt.toISOString(),
  };
}

export function toAiSessionDto(session: AiSessionDetail): z.infer<typeof aiSessionSchema> {
  const calls = Array.isArray(session.toolCalls) ? (session.toolCalls as Record<string, unknown>[]) : [];
  return {
    ...toAiSessionSummaryDto(session),
    toolCalls: calls.map((call) => ({
      name: String(call.name ?? ''),
      input: call.input ?? null,
      output: call.output ?? null,
      durationMs: Number(call.durationMs ?? 0),
      isError: call.isError === true,
    })),
    warnings: session.warnings,
    proposals: session.proposals.map(toAiProposalDto),
  };
}
