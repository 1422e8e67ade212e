/**
 * The incident simulator: a scripted local target whose behaviour follows virtual time, driven
 * through the real engine (executeOccurrences) and the real planner (runPlannerSession) on real
 * PostgreSQL and pg-boss, with a compressed clock: the loop jumps from one due event (an
 * occurrence, an analysis, a planned re-analysis) to the next instead of waiting.
 */
import { findEndpointById, withTransaction } from '@cronwise/db';
import { formatDuration } from '@cronwise/domain';
import { BOSS_SCHEMA, planEndpointPayload, QUEUE } from '@cronwise/jobs';
import { executeOccurrences } from '../../engine/execute-occurrences';
import { rescheduleEndpoint } from '../../engine/reschedule-endpoint';
import type { ManualClock } from '../../testing/engine-harness';
import type { TargetServer } from '../../testing/target-server';
import type { PlannerDependencies } from '../planner-dependencies';
import { runPlannerSession } from '../run-planner-session';
import { scheduleDueAnalyses } from '../schedule-due-analyses';

export interface TargetAnswer {
  status: number;
  body: Record<string, unknown>;
  /** Real milliseconds to wait before answering: latency the planner can see. */
  delayMs: number;
}

export interface SimulatedEndpoint {
  /** Stable name in the report, e.g. "planner", "baseline", "fast". */
  key: string;
  name?: string;
  description?: string;
  intervalMs: number;
  aiMode: 'off' | 'suggest' | 'auto';
  minIntervalMs?: number;
}

export interface ScriptedEvent {
  atMs: number;
  label: string;
  apply(endpointIds: Map<string, string>, deps: PlannerDependencies, at: Date): Promise<void>;
}

export interface Scenario {
  name: string;
  durationMs: number;
  endpoints: SimulatedEndpoint[];
  /** The target's answer for an endpoint at a virtual time (ms since the start); `call` counts its calls. */
  behaviour(key: string, elapsedMs: number, call: number): TargetAnswer;
  events?: ScriptedEvent[];
}

export interface SimulatedRun {
  atMs: number;
  status: string;
  source: string;
  explanation: string;
}

export interface CadenceChange {
  key: string;
  atMs: number;
  kinds: string[];
  explanation: string;
}

export interface SimulationResult {
  runs: Map<string, SimulatedRun[]>;
  cadence: CadenceChange[];
  sessions: { key: string; atMs: number; outcome: string; trigger: string }[];
  /** Tokens (in + out, the heuristic model's estimate) of every session that called the model. */
  sessionTokens: number[];
}

export interface SimulationContext {
  deps: PlannerDependencies;
  clock: ManualClock;
  target: TargetServer;
  /** The user and job the scenario's endpoints belong to. */
  owner: { userId: string; jobId: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function simulate(context: SimulationContext, scenario: Scenario): Promise<SimulationResult> {
  const { deps, clock, target, owner } = context;
  const start = clock.now();
  const startMs = start.getTime();
  const endMs = startMs + scenario.durationMs;
  const ids = new Map<string, string>();
  const keysById = new Map<string, string>();
  const calls = new Map<string, number>();

  target.handler = async (request, response) => {
    const key = request.url.replace(/^\//, '').split('?')[0] ?? '';
    const call = (calls.get(key) ?? 0) + 1;
    calls.set(key, call);
    const answer = scenario.behaviour(key, clock.now().getTime() - startMs, call);
    if (answer.delayMs > 0) await sleep(answer.delayMs);
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  };

  for (const endpoint of scenario.endpoints) {
    const created = await deps.db.endpoint.create({
      data: {
        jobId: owner.jobId,
        userId: owner.userId,
        name: endpoint.name ?? endpoint.key,
        description: endpoint.description ?? '',
        url: target.url(`/${endpoint.key}`),
        scheduleType: 'interval',
        intervalMs: endpoint.intervalMs,
        aiMode: endpoint.aiMode,
        isSigned: false,
        ...(endpoint.minIntervalMs ? { minIntervalMs: endpoint.minIntervalMs } : {}),
      },
    });
    ids.set(endpoint.key, created.id);
    keysById.set(created.id, endpoint.key);
    await withTransaction(deps.db, (tx) => rescheduleEndpoint(deps, tx, created.id));
  }

  const result: SimulationResult = { runs: new Map(), cadence: [], sessions: [], sessionTokens: [] };
  const pendingEvents = [...(scenario.events ?? [])].sort((a, b) => a.atMs - b.atMs);
  const endpointIds = [...ids.values()];

  for (;;) {
    const nextMs = await nextEventMs(
      deps,
      endpointIds,
      clock.now(),
      pendingEvents[0] ? startMs + pendingEvents[0].atMs : null,
    );
    if (nextMs === null || nextMs > endMs) break;
    clock.set(new Date(nextMs));
    const now = clock.now();

    while (pendingEvents[0] && startMs + pendingEvents[0].atMs <= now.getTime()) {
      const event = pendingEvents.shift();
      await event?.apply(ids, deps, now);
    }

    // The worker's horizon pass, when the engine has one.
    await queueOccurrencesWithinHorizon(deps);
    const due = await dueJobs(deps, QUEUE.executeOccurrence, now, endpointIds);
    if (due.length > 0) {
      await executeOccurrences(deps, due, { random: () => 0.5 });
      // The handler returned: complete the jobs as pg-boss would, so its monitor (real time) never
      // sees them as stalled and retries them into the endpoints' singleton slots.
      await deps.sql.query(
        `UPDATE ${BOSS_SCHEMA}.job SET state = 'completed', completed_on = now() WHERE name = $1 AND id = ANY($2::uuid[])`,
        [QUEUE.executeOccurrence, due.map((job) => job.id)],
      );
    }

    await scheduleDueAnalyses(deps);
    for (const job of await dueJobs(deps, QUEUE.planEndpoint, now, endpointIds)) {
      const payload = planEndpointPayload.parse(job.data);
      const key = keysById.get(payload.endpointId) ?? payload.endpointId;
      const session = await runPlannerSession(deps, payload);
      result.sessions.push({ key, atMs: now.getTime() - startMs, outcome: session.outcome, trigger: payload.trigger });
      const endpoint = await findEndpointById(deps.db, payload.endpointId);
      if (session.proposals.length > 0 && endpoint?.aiMode === 'auto') {
        result.cadence.push({
          key,
          atMs: now.getTime() - startMs,
          kinds: session.proposals.map((proposal) => proposal.kind),
          explanation: endpoint.nextRunExplanation ?? '',
        });
      }
    }
  }

  const tokens = await deps.db.aiSession.findMany({
    where: { endpointId: { in: endpointIds }, steps: { gt: 0 } },
    select: { tokensIn: true, tokensOut: true },
  });
  result.sessionTokens = tokens.map((session) => session.tokensIn + session.tokensOut);
  for (const [key, id] of ids) {
    const runs = await deps.db.run.findMany({
      where: { endpointId: id },
      orderBy: [{ plannedAt: 'asc' }, { id: 'asc' }],
      select: { plannedAt: true, status: true, source: true, explanation: true },
    });
    result.runs.set(
      key,
      runs.map((run) => ({
        atMs: run.plannedAt.getTime() - startMs,
        status: run.status,
        source: run.source,
        explanation: run.explanation,
      })),
    );
  }
  return result;
}

/**
 * When a job runs: an occurrence at its planned instant (workers claim it up to
 * OCCURRENCE_CLAIM_LEAD_MS earlier and hold it until then), anything else at `start_after`.
 */
const DUE_AT = `COALESCE((data->>'plannedAt')::timestamptz, start_after)`;

/** The next instant something is due; never the current one twice, so the loop always advances. */
async function nextEventMs(deps: PlannerDependencies, endpointIds: string[], now: Date, eventAtMs: number | null) {
  const { rows } = await deps.sql.query<{ at: Date | null }>(
    `SELECT min(at) AS at FROM (
       SELECT min(${DUE_AT}) AS at FROM ${BOSS_SCHEMA}.job
        WHERE name = ANY($1::text[]) AND state = 'created' AND ${DUE_AT} > $3::timestamptz
          AND data->>'endpointId' = ANY($2::text[])
       UNION ALL
       SELECT min("nextAnalysisAt") FROM endpoints
        WHERE id = ANY($2::uuid[]) AND "aiMode" <> 'off' AND "nextAnalysisAt" > $3::timestamp
       UNION ALL
       SELECT min("nextRunAt") FROM endpoints
        WHERE id = ANY($2::uuid[]) AND "currentOccurrenceId" IS NOT NULL AND "nextRunAt" > $3::timestamp
     ) candidates`,
    [[QUEUE.executeOccurrence, QUEUE.planEndpoint], endpointIds, now.toISOString().replace('Z', '')],
  );
  const candidates = [rows[0]?.at?.getTime() ?? null, eventAtMs].filter((value): value is number => value !== null);
  return candidates.length === 0 ? null : Math.min(...candidates);
}

/**
 * Occurrences far in the future may wait on their endpoint row until the engine's horizon pass
 * queues them; the simulator runs that pass at every step, when the engine has one.
 */
async function queueOccurrencesWithinHorizon(deps: PlannerDependencies): Promise<void> {
  const engine = (await import('../../engine')) as Record<string, unknown>;
  const pass = engine.queueDueOccurrences as ((deps: PlannerDependencies) => Promise<unknown>) | undefined;
  if (pass) await pass(deps);
}

/** Takes this scenario's jobs of a queue due by `now` (as a worker's fetch would) and returns them. */
async function dueJobs(deps: PlannerDependencies, queue: string, now: Date, endpointIds: string[]) {
  const { rows } = await deps.sql.query<{ id: string; data: unknown; retryCount: number }>(
    `UPDATE ${BOSS_SCHEMA}.job SET state = CASE WHEN name = $3 THEN 'completed'::${BOSS_SCHEMA}.job_state ELSE 'active'::${BOSS_SCHEMA}.job_state END,
            started_on = now()
      WHERE name = $1 AND state = 'created' AND ${DUE_AT} <= $2::timestamptz AND data->>'endpointId' = ANY($4::text[])
      RETURNING id, data, retry_count AS "retryCount"`,
    [queue, now.toISOString(), QUEUE.planEndpoint, endpointIds],
  );
  return rows;
}

/** Pauses or resumes an endpoint as a person would (through the reschedule path). */
export function personPause(key: string, isPaused: boolean): ScriptedEvent['apply'] {
  return async (ids, deps, at) => {
    const id = ids.get(key);
    if (!id) throw new Error(`no endpoint ${key} in this scenario`);
    await withTransaction(deps.db, async (tx) => {
      await tx.endpoint.update({
        where: { id },
        data: isPaused
          ? { pausedAt: at, pausedUntil: null, pauseReason: 'maintenance window', pausedBy: 'user' }
          : { pausedAt: null, pausedUntil: null, pauseReason: null, pausedBy: null },
      });
      await rescheduleEndpoint(deps, tx, id);
    });
  };
}

export interface IncidentMetrics {
  calls: Record<string, number>;
  /** Degradation onset → first run the AI planned (null: never). */
  detectionDelayMs: number | null;
  /** Recovery onset → the cadence change back to the baseline (null: never). */
  relaxationDelayMs: number | null;
  smallestGapMs: number;
}

export function incidentMetrics(
  result: SimulationResult,
  options: { plannerKey: string; degradationAtMs: number; recoveryAtMs: number },
): IncidentMetrics {
  const calls = Object.fromEntries(
    [...result.runs].map(([key, runs]) => [key, runs.filter((run) => run.status !== 'skipped').length]),
  );
  const plannerRuns = result.runs.get(options.plannerKey) ?? [];
  const firstAiRun = plannerRuns.find((run) => run.atMs >= options.degradationAtMs && run.source.startsWith('ai-'));
  const relaxed = result.cadence.find(
    (change) =>
      change.key === options.plannerKey && change.atMs >= options.recoveryAtMs && change.kinds.includes('clear'),
  );
  let smallestGapMs = Number.POSITIVE_INFINITY;
  for (let index = 1; index < plannerRuns.length; index += 1) {
    const gap = (plannerRuns[index]?.atMs ?? 0) - (plannerRuns[index - 1]?.atMs ?? 0);
    smallestGapMs = Math.min(smallestGapMs, gap);
  }
  return {
    calls,
    detectionDelayMs: firstAiRun ? firstAiRun.atMs - options.degradationAtMs : null,
    relaxationDelayMs: relaxed ? relaxed.atMs - options.recoveryAtMs : null,
    smallestGapMs,
  };
}

function clockText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `+${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A plain-text report: the metrics table and every cadence change with its explanation. */
export function formatReport(
  scenario: string,
  result: SimulationResult,
  metrics: IncidentMetrics | null,
  notes: string[] = [],
): string {
  const lines = [`## ${scenario}`, ''];
  if (metrics) {
    lines.push('| metric | value |', '|---|---|');
    for (const [key, count] of Object.entries(metrics.calls)) lines.push(`| calls: ${key} | ${count} |`);
    const show = (value: number | null) => (value === null ? 'never' : formatDuration(value));
    lines.push(`| detection delay (onset → first AI-planned run) | ${show(metrics.detectionDelayMs)} |`);
    lines.push(`| relaxation delay (recovery → back to baseline) | ${show(metrics.relaxationDelayMs)} |`);
    lines.push(`| smallest gap between planner runs | ${formatDuration(metrics.smallestGapMs)} |`, '');
  }
  const tokens = [...result.sessionTokens].sort((a, b) => a - b);
  if (tokens.length > 0) {
    lines.push(
      `- ${tokens.length} model sessions; tokens per session: median ${tokens[Math.floor(tokens.length / 2)]}, max ${tokens.at(-1)}`,
    );
  }
  for (const note of notes) lines.push(`- ${note}`);
  if (notes.length > 0) lines.push('');
  lines.push('Cadence changes:');
  if (result.cadence.length === 0) lines.push('  (none)');
  for (const change of result.cadence) {
    lines.push(`  ${clockText(change.atMs)} ${change.key}: ${change.kinds.join('+')} → ${change.explanation}`);
  }
  lines.push('');
  return lines.join('\n');
}
