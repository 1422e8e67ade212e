import { findEndpointById, withTransaction } from '@cronwise/db';
import { makeRun } from '@cronwise/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { executeOccurrences } from '../engine/execute-occurrences';
import { queueDueOccurrences } from '../engine/queue-due-occurrences';
import { rescheduleEndpoint } from '../engine/reschedule-endpoint';
import {
  claim,
  type EngineHarness,
  ManualClock,
  makeEndpointFor,
  plannerDependencies,
  queuedAnalyses,
  queuedOccurrences,
  runQueuedAnalyses,
  startEngineHarness,
  TargetServer,
} from '../testing';
import { analyzeEndpoint, getAiSession, listAiSessions } from './manage-ai-sessions';
import { approveProposal, listProposals, rejectProposal } from './manage-proposals';
import type { PlannerDependencies } from './planner-dependencies';
import { runPlannerSession } from './run-planner-session';

const START = new Date('2026-12-01T10:00:00.000Z');
const BASELINE_MS = 20 * 60_000;
const clock = new ManualClock(START);
let harness: EngineHarness;
let target: TargetServer;
let deps: PlannerDependencies;

beforeAll(async () => {
  harness = await startEngineHarness({ clock });
  deps = plannerDependencies(harness.deps);
  target = await TargetServer.start();
});
afterAll(async () => {
  await target.close();
  await harness.close();
});
afterEach(async () => {
  clock.set(START);
  // Each test reads the queue from scratch.
  await harness.deps.sql.query(`DELETE FROM pgboss.job WHERE name = 'plan-endpoint'`);
});

function actorFor(user: { id: string; email: string; tier: 'free' | 'pro' | 'enterprise' }): Actor {
  return {
    userId: user.id,
    email: user.email,
    name: 'Planner test',
    role: 'user',
    tier: user.tier,
    isEmailVerified: true,
    credential: { kind: 'session', sessionId: 'test' },
  };
}

function services(): PlannerDependencies {
  return deps;
}

async function endpointWithHistory(options: {
  aiMode: 'suggest' | 'auto';
  statuses: ('success' | 'failure')[];
  overrides?: Record<string, unknown>;
  tier?: 'free' | 'pro' | 'enterprise';
}) {
  const made = await makeEndpointFor(deps, {
    tier: options.tier ?? 'pro',
    url: target.url(),
    overrides: { intervalMs: BASELINE_MS, aiMode: options.aiMode, ...options.overrides },
  });
  // Oldest first, one baseline interval apart, ending just before now.
  const count = options.statuses.length;
  for (const [index, status] of options.statuses.entries()) {
    await makeRun(deps.db, made.endpoint, {
      plannedAt: new Date(START.getTime() - (count - index) * BASELINE_MS),
      status,
      statusCode: status === 'success' ? 200 : 503,
      durationMs: 40,
      responseBody: status === 'success' ? '{"status":"ok"}' : '{"status":"down"}',
    });
  }
  const streak = [...options.statuses].reverse().indexOf('success');
  await deps.db.endpoint.update({
    where: { id: made.endpoint.id },
    data: {
      lastRunAt: new Date(START.getTime() - BASELINE_MS),
      lastRunStatus: options.statuses.at(-1) ?? null,
      failureStreak: streak === -1 ? count : streak,
    },
  });
  await withTransaction(deps.db, (tx) => rescheduleEndpoint(deps, tx, made.endpoint.id));
  return made;
}

async function queuedOccurrence(endpointId: string) {
  // Baselines here lie beyond the queue horizon: queue whatever is planned, as the horizon pass would.
  await queueDueOccurrences(deps, { horizonMs: 24 * 60 * 60_000 });
  const [queued] = (await queuedOccurrences(deps, endpointId)).filter((job) => job.state === 'created');
  return queued;
}

describe('triggers', () => {
  it('queues one debounced analysis, grouped by owner, when a run starts failing', async () => {
    const { endpoint, user } = await makeEndpointFor(deps, {
      tier: 'pro',
      url: target.url(),
      overrides: { intervalMs: BASELINE_MS, aiMode: 'suggest' },
    });
    await withTransaction(deps.db, (tx) => rescheduleEndpoint(deps, tx, endpoint.id));
    target.handler = (_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end('{"status":"down"}');
    };
    clock.advance(BASELINE_MS);
    const first = await queuedOccurrence(endpoint.id);
    if (!first) throw new Error('no occurrence queued');
    await executeOccurrences(deps, [await claim(deps, first)]);

    const analyses = await queuedAnalyses(deps);
    expect(analyses).toHaveLength(1);
    expect(analyses[0]?.singletonKey).toBe(endpoint.id);
    expect(analyses[0]?.groupId).toBe(user.id);
    expect(analyses[0]?.data).toMatchObject({
      endpointId: endpoint.id,
      trigger: 'run-change',
      reason: 'failure streak 0 → 1',
    });

    // A second failure while the first analysis waits coalesces into it.
    const second = await queuedOccurrence(endpoint.id);
    if (!second) throw new Error('no occurrence queued');
    clock.advance(BASELINE_MS);
    await deps.db.endpoint.update({ where: { id: endpoint.id }, data: { lastRunStatus: 'success', failureStreak: 0 } });
    await executeOccurrences(deps, [await claim(deps, second)]);
    expect(await queuedAnalyses(deps)).toHaveLength(1);

    const [result] = await runQueuedAnalyses(deps);
    expect(result?.outcome).toBe('submitted');
    const session = await getAiSession(deps, actorFor(user), result?.sessionId ?? '');
    expect(session.toolCalls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'get_endpoint_health' }),
        expect.objectContaining({ name: 'get_response_history' }),
        expect.objectContaining({ name: 'submit_analysis' }),
      ]),
    );
    expect(session.tokensIn).toBeGreaterThan(0);
    expect(session.provider).toBe('heuristic');
    expect(session.trigger).toBe('run-change');
  });

  it('does not queue an analysis for an endpoint whose AI mode is off', async () => {
    const { endpoint } = await makeEndpointFor(deps, {
      tier: 'pro',
      url: target.url(),
      overrides: { intervalMs: BASELINE_MS, aiMode: 'off' },
    });
    await withTransaction(deps.db, (tx) => rescheduleEndpoint(deps, tx, endpoint.id));
    target.handler = (_request, response) => {
      response.writeHead(500);
      response.end();
    };
    clock.advance(BASELINE_MS);
    const queued = await queuedOccurrence(endpoint.id);
    if (!queued) throw new Error('no occurrence queued');
    await executeOccurrences(deps, [await claim(deps, queued)]);
    expect(await queuedAnalyses(deps)).toHaveLength(0);
  });
});

describe('auto mode', () => {
  it('applies a tightened interval as an AI hint and replaces the queued occurrence', async () => {
    const { endpoint } = await endpointWithHistory({ aiMode: 'auto', statuses: ['success', 'failure', 'failure'] });
    const before = await queuedOccurrence(endpoint.id);

    const result = await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'run-change' });

    expect(result.outcome).toBe('submitted');
    const updated = await findEndpointById(deps.db, endpoint.id);
    expect(updated?.aiIntervalMs).toBe(BASELINE_MS / 4);
    expect(updated?.nextRunSource).toBe('ai-interval');
    expect(updated?.nextRunExplanation).toContain('AI hint');
    expect(updated?.nextRunExplanation).toContain('anomalous runs in a row');
    const after = await queuedOccurrence(endpoint.id);
    expect(after?.data.occurrenceId).toBe(updated?.currentOccurrenceId);
    expect(after?.data.occurrenceId).not.toBe(before?.data.occurrenceId);
    expect((await queuedOccurrences(deps, endpoint.id)).filter((job) => job.state === 'created')).toHaveLength(1);
    expect(updated?.lastAnalysisAt?.toISOString()).toBe(START.toISOString());
    expect(updated?.nextAnalysisAt).not.toBeNull();
  });
});

describe('suggest mode', () => {
  it('stores a pending proposal and changes nothing until a person approves it', async () => {
    const { endpoint, user } = await endpointWithHistory({
      aiMode: 'suggest',
      statuses: ['success', 'failure', 'failure'],
    });
    const before = await findEndpointById(deps.db, endpoint.id);

    await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'run-change' });

    const unchanged = await findEndpointById(deps.db, endpoint.id);
    expect(unchanged?.aiIntervalMs).toBeNull();
    expect(unchanged?.currentOccurrenceId).toBe(before?.currentOccurrenceId);
    const [pending] = await listProposals(deps, actorFor(user), endpoint.id, 'pending');
    expect(pending).toMatchObject({ kind: 'interval', status: 'pending', payload: { intervalMs: BASELINE_MS / 4 } });

    clock.advance(10 * 60_000);
    const { endpoint: approved } = await approveProposal(services(), actorFor(user), pending?.id ?? '');
    expect(approved.aiIntervalMs).toBe(BASELINE_MS / 4);
    // Applied with the TTL it had left: the original expiry, not a fresh one.
    expect(approved.aiIntervalExpiresAt?.toISOString()).toBe(pending?.expiresAt?.toISOString());
    expect(approved.nextRunSource).toBe('ai-interval');
    expect((await queuedOccurrence(endpoint.id))?.data.occurrenceId).toBe(approved.currentOccurrenceId);
    await expect(approveProposal(services(), actorFor(user), pending?.id ?? '')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('rejects a proposal without touching the endpoint', async () => {
    const { endpoint, user } = await endpointWithHistory({
      aiMode: 'suggest',
      statuses: ['success', 'failure', 'failure'],
    });
    await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'run-change' });
    const [pending] = await listProposals(deps, actorFor(user), endpoint.id, 'pending');

    const { proposal } = await rejectProposal(services(), actorFor(user), pending?.id ?? '');

    expect(proposal.status).toBe('rejected');
    expect((await findEndpointById(deps.db, endpoint.id))?.aiIntervalMs).toBeNull();
    expect(await listProposals(deps, actorFor(user), endpoint.id, 'rejected')).toHaveLength(1);
  });

  it('lets a pending proposal expire with its TTL; an expired one cannot be approved', async () => {
    const { endpoint, user } = await endpointWithHistory({
      aiMode: 'suggest',
      statuses: ['success', 'failure', 'failure'],
    });
    await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'run-change' });
    const [pending] = await listProposals(deps, actorFor(user), endpoint.id, 'pending');
    clock.set(new Date((pending?.expiresAt?.getTime() ?? 0) + 1));

    expect(await listProposals(deps, actorFor(user), endpoint.id, 'pending')).toHaveLength(0);
    expect(await listProposals(deps, actorFor(user), endpoint.id, 'expired')).toHaveLength(1);
    await expect(approveProposal(services(), actorFor(user), pending?.id ?? '')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it("hides another user's proposals and sessions behind 404", async () => {
    const { endpoint, user } = await endpointWithHistory({
      aiMode: 'suggest',
      statuses: ['success', 'failure', 'failure'],
    });
    const result = await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'run-change' });
    const [pending] = await listProposals(deps, actorFor(user), endpoint.id, 'pending');
    const { user: stranger } = await makeEndpointFor(deps, { url: target.url() });

    await expect(getAiSession(deps, actorFor(stranger), result.sessionId ?? '')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(approveProposal(services(), actorFor(stranger), pending?.id ?? '')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(listAiSessions(deps, actorFor(stranger), endpoint.id, { limit: 10 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('guards', () => {
  it('respects a pause set by a person: no session, no change', async () => {
    const { endpoint } = await endpointWithHistory({
      aiMode: 'auto',
      statuses: ['success', 'failure', 'failure'],
      overrides: { pausedAt: START, pausedBy: 'user', pauseReason: 'maintenance' },
    });

    const result = await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'run-change' });

    expect(result.outcome).toBe('skipped');
    expect(result.skippedBecause).toContain('paused by a person');
    const after = await findEndpointById(deps.db, endpoint.id);
    expect(after?.aiIntervalMs).toBeNull();
    expect(after?.pausedBy).toBe('user');
  });

  it('records budget_exhausted once per month and never calls the model when the budget is spent', async () => {
    const { endpoint, user } = await endpointWithHistory({
      aiMode: 'auto',
      statuses: ['success', 'failure', 'failure'],
    });
    await deps.db.usageLedger.create({
      data: { userId: user.id, month: '2026-12', aiTokens: BigInt(deps.tierLimits.pro.aiTokensPerMonth) },
    });
    let modelCalls = 0;
    const counting = plannerDependencies(harness.deps);
    const model = counting.planner.model as { doGenerate: (...args: never[]) => unknown };
    const original = model.doGenerate.bind(model);
    model.doGenerate = (...args: never[]) => {
      modelCalls += 1;
      return original(...args);
    };

    const first = await runPlannerSession(counting, { endpointId: endpoint.id, trigger: 'run-change' });
    const second = await runPlannerSession(counting, { endpointId: endpoint.id, trigger: 'run-change' });

    expect(first.outcome).toBe('budget_exhausted');
    expect(second.outcome).toBe('skipped');
    expect(modelCalls).toBe(0);
    const { items } = await listAiSessions(deps, actorFor(user), endpoint.id, { limit: 10 });
    expect(items.map((session) => session.outcome)).toEqual(['budget_exhausted']);
    const after = await findEndpointById(deps.db, endpoint.id);
    expect(after?.aiStatus).toBe('budget_exhausted');
    expect(after?.aiIntervalMs).toBeNull();
  });

  it('reserves the session cap and settles to the tokens actually used', async () => {
    const { endpoint, user } = await endpointWithHistory({ aiMode: 'suggest', statuses: ['success', 'success'] });

    const result = await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'manual' });

    const session = await getAiSession(deps, actorFor(user), result.sessionId ?? '');
    const ledger = await deps.db.usageLedger.findUnique({
      where: { userId_month: { userId: user.id, month: '2026-12' } },
    });
    expect(Number(ledger?.aiTokens)).toBe(session.tokensIn + session.tokensOut);
    expect(session.tokensIn + session.tokensOut).toBeLessThan(deps.planner.sessionTokenCap);
  });
});

describe('analyze now', () => {
  it('creates a session the worker fills, and refuses endpoints whose AI mode is off', async () => {
    const { endpoint, user } = await endpointWithHistory({ aiMode: 'suggest', statuses: ['success', 'failure'] });

    const { sessionId } = await analyzeEndpoint(services(), actorFor(user), endpoint.id);
    const [queued] = await queuedAnalyses(deps);
    expect(queued?.data).toMatchObject({ endpointId: endpoint.id, trigger: 'manual', sessionId });
    expect((await getAiSession(deps, actorFor(user), sessionId)).outcome).toBeNull();

    await runQueuedAnalyses(deps);
    const filled = await getAiSession(deps, actorFor(user), sessionId);
    expect(filled.outcome).toBe('submitted');
    expect(filled.provider).toBe('heuristic');
    expect(filled.proposals).toHaveLength(1);

    await deps.db.endpoint.update({ where: { id: endpoint.id }, data: { aiMode: 'off' } });
    await expect(analyzeEndpoint(services(), actorFor(user), endpoint.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
