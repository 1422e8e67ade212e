import { BOSS_SCHEMA, planEndpointPayload, QUEUE } from '@cronwise/jobs';
import type { EngineDependencies } from '../engine/contract';
import { createPlannerSettings, type PlannerDependencies, type PlannerSettings } from '../planner/planner-dependencies';
import { type PlannerSessionResult, runPlannerSession } from '../planner/run-planner-session';

/** Engine dependencies plus a planner on the built-in heuristic model (or the model a test passes). */
export function plannerDependencies(
  engine: EngineDependencies,
  overrides: Partial<PlannerSettings> = {},
): PlannerDependencies {
  return {
    ...engine,
    planner: createPlannerSettings(
      { provider: 'heuristic', model: 'heuristic-v1', baseUrl: null, apiKey: null },
      overrides,
    ),
  };
}

export interface QueuedAnalysis {
  id: string;
  singletonKey: string | null;
  startAfter: Date;
  groupId: string | null;
  data: Record<string, unknown>;
}

/** Analyses waiting in pg-boss, oldest first. */
export async function queuedAnalyses(deps: EngineDependencies): Promise<QueuedAnalysis[]> {
  const { rows } = await deps.sql.query<QueuedAnalysis>(
    `SELECT id, singleton_key AS "singletonKey", start_after AS "startAfter", group_id AS "groupId", data
       FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state = 'created' ORDER BY created_on, id`,
    [QUEUE.planEndpoint],
  );
  return rows;
}

/**
 * Runs every queued analysis now, as the worker's handler would, completing each job first.
 * Tests and the simulator drive a virtual clock, so they take jobs directly instead of waiting
 * for pg-boss to find them due.
 */
export async function runQueuedAnalyses(deps: PlannerDependencies): Promise<PlannerSessionResult[]> {
  const results: PlannerSessionResult[] = [];
  for (const job of await queuedAnalyses(deps)) {
    await deps.sql.query(
      `UPDATE ${BOSS_SCHEMA}.job SET state = 'completed', completed_on = now() WHERE name = $1 AND id = $2`,
      [QUEUE.planEndpoint, job.id],
    );
    results.push(await runPlannerSession(deps, planEndpointPayload.parse(job.data)));
  }
  return results;
}
