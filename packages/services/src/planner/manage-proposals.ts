import {
  type AiProposalRecord,
  decidePendingProposal,
  type EndpointRecord,
  findProposalForUser,
  listProposalsForEndpoint,
  withTransaction,
} from '@cronwise/db';
import { AppError, ErrorCode } from '@cronwise/domain';
import type { Actor } from '../actor';
import type { ServiceDependencies } from '../dependencies';
import { requireEndpoint } from '../endpoints/get-endpoint';
import type { EngineDependencies } from '../engine/contract';
import { applyProposals } from './apply-proposal';

export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'applied', 'superseded'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
const PROPOSALS_PAGE = 100;

function proposalNotFound(id: string): AppError {
  return new AppError(
    ErrorCode.NOT_FOUND,
    `proposal ${id} was not found; check the id, or list the endpoint's proposals`,
  );
}

export async function listProposals(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  actor: Actor,
  endpointId: string,
  status?: ProposalStatus,
): Promise<AiProposalRecord[]> {
  await requireEndpoint(deps.db, actor, endpointId);
  return listProposalsForEndpoint(deps.db, actor.userId, endpointId, {
    ...(status ? { status } : {}),
    now: deps.clock.now(),
    limit: PROPOSALS_PAGE,
  });
}

async function requirePending(
  deps: Pick<ServiceDependencies, 'clock'>,
  db: Parameters<typeof findProposalForUser>[0],
  actor: Actor,
  id: string,
) {
  const proposal = await findProposalForUser(db, actor.userId, id, deps.clock.now());
  if (!proposal) throw proposalNotFound(id);
  if (proposal.status !== 'pending') {
    throw new AppError(
      ErrorCode.CONFLICT,
      `proposal ${id} is ${proposal.status}, not pending; only pending proposals can be approved or rejected`,
    );
  }
  return proposal;
}

/** Applies a pending proposal with the TTL it has left, through the reschedule path. */
export function approveProposal(
  deps: EngineDependencies,
  actor: Actor,
  id: string,
): Promise<{ proposal: AiProposalRecord; endpoint: EndpointRecord }> {
  return withTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const proposal = await requirePending(deps, tx, actor, id);
    const endpoint = await requireEndpoint(tx, actor, proposal.endpointId);
    const updated = await applyProposals(deps, tx, endpoint, [proposal], now);
    if (!(await decidePendingProposal(tx, id, { status: 'approved', decidedBy: actor.userId, decidedAt: now }))) {
      throw new AppError(ErrorCode.CONFLICT, `proposal ${id} was decided or lapsed meanwhile; reload it`);
    }
    return {
      proposal: { ...proposal, status: 'approved', decidedAt: now, decidedBy: actor.userId },
      endpoint: updated,
    };
  });
}

export async function rejectProposal(
  deps: EngineDependencies,
  actor: Actor,
  id: string,
): Promise<{ proposal: AiProposalRecord }> {
  const now = deps.clock.now();
  const proposal = await requirePending(deps, deps.db, actor, id);
  if (!(await decidePendingProposal(deps.db, id, { status: 'rejected', decidedBy: actor.userId, decidedAt: now }))) {
    throw new AppError(ErrorCode.CONFLICT, `proposal ${id} was decided or lapsed meanwhile; reload it`);
  }
  return { proposal: { ...proposal, status: 'rejected', decidedAt: now, decidedBy: actor.userId } };
}
