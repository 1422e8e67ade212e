import {
  type AiProposalRecord,
  type AiSessionRecord,
  createAiSession,
  decodeAiSessionCursor,
  findAiSessionForUser,
  findEndpointById,
  findUserById,
  listAiSessionsForEndpoint,
  listProposalsForSession,
} from '@cronwise/db';
import { AppError, ErrorCode, issue, MINUTE_MS, validationError } from '@cronwise/domain';
import { QUEUE } from '@cronwise/jobs';
import type { Actor } from '../actor';
import { actingAs, type Operator } from '../admin/operator';
import type { RateLimitRule, ServiceDependencies } from '../dependencies';
import { requireEndpoint } from '../endpoints/get-endpoint';
import type { EngineDependencies } from '../engine/contract';
import { consumeRateLimit } from '../rate-limits/consume-rate-limit';
import { analysisJob } from './analysis-triggers';

/** "Analyze now" per user: each one costs tokens, so it has its own small budget. */
export const ANALYZE_RATE_LIMIT: RateLimitRule = { limit: 5, windowMs: MINUTE_MS };

/** Queues an analysis a person asked for; the session row exists (outcome null) until the worker fills it. */
export async function analyzeEndpoint(
  deps: EngineDependencies,
  actor: Actor,
  endpointId: string,
): Promise<{ sessionId: string }> {
  const endpoint = await requireEndpoint(deps.db, actor, endpointId);
  if (endpoint.aiMode === 'off') {
    throw new AppError(
      ErrorCode.CONFLICT,
      'AI mode is off for this endpoint; set aiMode to "suggest" or "auto" (PATCH /endpoints/{id}) to analyse it',
    );
  }
  await consumeRateLimit(deps, `analyze:${actor.userId}`, ANALYZE_RATE_LIMIT, { isEnforced: true });
  const now = deps.clock.now();
  const session = await createAiSession(deps.db, {
    endpointId,
    userId: actor.userId,
    provider: 'pending',
    model: 'pending',
    trigger: 'manual',
    startedAt: now,
  });
  await deps.boss.insert(QUEUE.planEndpoint, [
    analysisJob({ endpointId, userId: actor.userId }, 'manual', 'asked for by a person', now, {
      debounceSeconds: 0,
      sessionId: session.id,
    }),
  ]);
  return { sessionId: session.id };
}

export interface AiSessionDetail extends AiSessionRecord {
  proposals: AiProposalRecord[];
}

function sessionNotFound(id: string): AppError {
  return new AppError(
    ErrorCode.NOT_FOUND,
    `AI session ${id} was not found; check the id, or list the endpoint's sessions`,
  );
}

export async function getAiSession(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  id: string,
): Promise<AiSessionDetail> {
  const session = await findAiSessionForUser(deps.db, actor.userId, id);
  if (!session) throw sessionNotFound(id);
  return { ...session, proposals: await listProposalsForSession(deps.db, id) };
}

export async function listAiSessions(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  endpointId: string,
  query: { limit: number; cursor?: string | null },
): Promise<{ items: AiSessionRecord[]; nextCursor: string | null }> {
  await requireEndpoint(deps.db, actor, endpointId);
  const cursor = query.cursor ? decodeAiSessionCursor(query.cursor) : null;
  if (query.cursor && !cursor) {
    throw validationError([
      issue(['cursor'], 'is not a cursor this API returned; pass nextCursor from the previous page'),
    ]);
  }
  return listAiSessionsForEndpoint(deps.db, actor.userId, endpointId, { limit: query.limit, cursor });
}

/** "Analyze now" from the operator CLI: acts as the endpoint's owner (same checks and rate limit). */
export async function analyzeEndpointAsOperator(
  deps: EngineDependencies,
  operator: Operator,
  endpointId: string,
): Promise<{ sessionId: string; ownerEmail: string }> {
  const endpoint = await findEndpointById(deps.db, endpointId);
  const owner = endpoint ? await findUserById(deps.db, endpoint.userId) : null;
  if (!endpoint || !owner) {
    throw new AppError(ErrorCode.NOT_FOUND, `endpoint ${endpointId} was not found; check the id`);
  }
  const { sessionId } = await analyzeEndpoint(deps, actingAs(owner, operator), endpointId);
  return { sessionId, ownerEmail: owner.email };
}
