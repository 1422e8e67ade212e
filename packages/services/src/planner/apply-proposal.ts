/**
 * Turning a proposal into AI hints: in `auto` mode right after the session, in `suggest` mode
 * when a person approves it. Either way it goes through the same reschedule path as an API
 * edit, so the queued occurrence is replaced in the same transaction.
 */
import {
  clearedHintColumns,
  createAiProposals,
  type EndpointRecord,
  type PlannerSubject,
  supersedePendingProposals,
  type Transaction,
  type UpdateEndpointData,
  updateEndpointForUser,
} from '@cronwise/db';
import { AppError, ErrorCode, MINUTE_MS } from '@cronwise/domain';
import type { EngineDependencies } from '../engine/contract';
import { rescheduleEndpoint } from '../engine/reschedule-endpoint';
import type { PlannedProposal, ProposalKind } from './tool-types';

/** A one-shot hint stays valid this long past its time, so a busy queue does not lose it. */
const ONE_SHOT_GRACE_MS = 5 * MINUTE_MS;

type HintState = Pick<EndpointRecord, 'pausedAt' | 'pausedUntil' | 'pauseReason' | 'pausedBy'>;

export interface StoredProposal {
  kind: string;
  payload: unknown;
  reason: string;
  expiresAt: Date | null;
}

/** The endpoint fields a proposal sets, or an AppError when it can no longer apply. Pure. */
export function hintFieldsFor(proposal: StoredProposal, endpoint: HintState, now: Date): UpdateEndpointData {
  const payload = (proposal.payload ?? {}) as PlannedProposal['payload'];
  const kind = proposal.kind as ProposalKind;
  const expiresAt = proposal.expiresAt;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new AppError(ErrorCode.CONFLICT, 'this proposal has expired; ask for a new analysis instead');
  }
  const isPausedByOthers =
    endpoint.pausedAt !== null &&
    endpoint.pausedBy !== 'ai' &&
    (endpoint.pausedUntil === null || endpoint.pausedUntil.getTime() > now.getTime());
  if (kind !== 'clear' && isPausedByOthers) {
    throw new AppError(
      ErrorCode.CONFLICT,
      'the endpoint is paused by a person or the system; resume it before applying AI proposals',
    );
  }
  switch (kind) {
    case 'interval':
      return {
        aiIntervalMs: payload.intervalMs ?? null,
        aiIntervalExpiresAt: expiresAt,
        aiIntervalReason: proposal.reason,
      };
    case 'one_shot': {
      const runAt = new Date(payload.runAt ?? now);
      return {
        aiOneShotAt: runAt,
        aiOneShotExpiresAt: new Date(runAt.getTime() + ONE_SHOT_GRACE_MS),
        aiOneShotReason: proposal.reason,
      };
    }
    case 'pause':
      return {
        pausedAt: now,
        pausedUntil: new Date(payload.until ?? now),
        pauseReason: proposal.reason,
        pausedBy: 'ai',
        pausedByUserId: null,
      };
    case 'clear':
      return {
        ...clearedHintColumns('ai-interval'),
        ...clearedHintColumns('ai-oneshot'),
        ...(endpoint.pausedBy === 'ai'
          ? { pausedAt: null, pausedUntil: null, pauseReason: null, pausedBy: null, pausedByUserId: null }
          : {}),
      };
    default:
      throw new AppError(ErrorCode.CONFLICT, `unknown proposal kind ${String(kind)}`);
  }
}

/** Applies proposals to an endpoint and re-plans it, inside the caller's transaction. */
export async function applyProposals(
  deps: EngineDependencies,
  tx: Transaction,
  endpoint: HintState & { id: string; userId: string },
  proposals: StoredProposal[],
  now: Date,
): Promise<EndpointRecord> {
  let data: UpdateEndpointData = {};
  for (const proposal of proposals) data = { ...data, ...hintFieldsFor(proposal, endpoint, now) };
  await updateEndpointForUser(tx, endpoint.userId, endpoint.id, data);
  return rescheduleEndpoint(deps, tx, endpoint.id);
}

/** auto: apply and record as applied; suggest: replace older pending proposals with these. */
export async function persistProposals(
  deps: EngineDependencies,
  tx: Transaction,
  subject: PlannerSubject,
  sessionId: string,
  proposals: PlannedProposal[],
  now: Date,
): Promise<void> {
  if (proposals.length === 0) return;
  const isAuto = subject.aiMode === 'auto';
  if (isAuto) await applyProposals(deps, tx, subject, proposals, now);
  else await supersedePendingProposals(tx, subject.id, now);
  await createAiProposals(
    tx,
    proposals.map((proposal) => ({
      endpointId: subject.id,
      aiSessionId: sessionId,
      kind: proposal.kind,
      payload: proposal.payload,
      reason: proposal.reason,
      status: isAuto ? 'applied' : 'pending',
      expiresAt: proposal.expiresAt,
      decidedAt: isAuto ? now : null,
    })),
  );
}
