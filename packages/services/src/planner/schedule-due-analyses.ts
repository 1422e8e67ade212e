import { claimDueAnalyses, expirePendingProposals } from '@cronwise/db';
import { QUEUE } from '@cronwise/jobs';
import type { EngineDependencies } from '../engine/contract';
import { analysisJob } from './analysis-triggers';

const SWEEP_LIMIT = 500;

/**
 * The periodic planner sweep: queues the analyses whose `nextAnalysisAt` has come (claimed
 * and cleared in one statement, so two sweeps never double-queue) and lapses pending
 * proposals past their TTL.
 */
export async function scheduleDueAnalyses(deps: EngineDependencies): Promise<{ queued: number; expired: number }> {
  const now = deps.clock.now();
  const due = await claimDueAnalyses(deps.db, now, SWEEP_LIMIT);
  if (due.length > 0) {
    await deps.boss.insert(
      QUEUE.planEndpoint,
      due.map((endpoint) =>
        analysisJob({ endpointId: endpoint.id, userId: endpoint.userId }, 'scheduled', 'planned re-analysis', now, {
          debounceSeconds: 0,
        }),
      ),
    );
  }
  const expired = await expirePendingProposals(deps.db, now);
  return { queued: due.length, expired };
}
