import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { findAiSessionById, findEndpointById, listProposalsForSession, withTransaction } from '@cronwise/db';
import { makeRun } from '@cronwise/db/testing';
import { APICallError } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescheduleEndpoint } from '../engine/reschedule-endpoint';
import { type EngineHarness, ManualClock, makeEndpointFor, plannerDependencies, startEngineHarness } from '../testing';
import { CircuitBreaker } from './circuit-breaker';
import type { PlannerSettings } from './planner-dependencies';
import { runPlannerSession } from './run-planner-session';

const START = new Date('2026-12-01T10:00:00.000Z');
const BASELINE_MS = 20 * 60_000;
const clock = new ManualClock(START);
let harness: EngineHarness;

beforeAll(async () => {
  harness = await startEngineHarness({ clock });
});
afterAll(async () => {
  await harness.close();
});

type Call = { tool: string; input: unknown };

/** One model step: the given tool calls (or plain text), with the given token usage. */
function step(calls: Call[] | string, tokens = { input: 300, output: 40 }): LanguageModelV4GenerateResult {
  return {
    content:
      typeof calls === 'string'
        ? [{ type: 'text', text: calls }]
        : calls.map((call, index) => ({
            type: 'tool-call',
            toolCallId: `call-${index}-${Math.random().toString(36).slice(2)}`,
            toolName: call.tool,
            input: typeof call.input === 'string' ? call.input : JSON.stringify(call.input),
          })),
    finishReason: { unified: typeof calls === 'string' ? 'stop' : 'tool-calls', raw: undefined },
    usage: {
      inputTokens: { total: tokens.input, noCache: tokens.input, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: tokens.output, text: tokens.output, reasoning: undefined },
    },
    warnings: [],
  };
}

const submit = (reasoning = 'done') => ({
  tool: 'submit_analysis',
  input: { reasoning, confidence: 0.8, nextAnalysisInMs: 30 * 60_000 },
});

async function failingEndpoint(aiMode: 'suggest' | 'auto' = 'suggest') {
  const made = await makeEndpointFor(harness.deps, {
    tier: 'pro',
    url: 'http://127.0.0.1:9/unused',
    overrides: { intervalMs: BASELINE_MS, aiMode, minIntervalMs: 60_000 },
  });
  for (const offset of [2, 1]) {
    await makeRun(harness.deps.db, made.endpoint, {
      plannedAt: new Date(START.getTime() - offset * BASELINE_MS),
      status: 'failure',
      statusCode: 503,
      durationMs: 50,
      responseBody: '{"status":"down"}',
    });
  }
  await harness.deps.db.endpoint.update({
    where: { id: made.endpoint.id },
    data: { lastRunAt: new Date(START.getTime() - BASELINE_MS), lastRunStatus: 'failure', failureStreak: 2 },
  });
  await withTransaction(harness.deps.db, (tx) => rescheduleEndpoint(harness.deps, tx, made.endpoint.id));
  return made.endpoint;
}

async function runWith(model: MockLanguageModelV4, overrides: Partial<PlannerSettings> = {}, aiMode?: 'auto') {
  const endpoint = await failingEndpoint(aiMode);
  const deps = plannerDependencies(harness.deps, { model, provider: 'openai', modelId: 'mock', ...overrides });
  const result = await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'manual' });
  const session = await findAiSessionById(harness.deps.db, result.sessionId ?? '');
  if (!session) throw new Error('no session recorded');
  return { result, session, endpoint, deps };
}

function toolCalls(session: { toolCalls: unknown }) {
  return session.toolCalls as {
    name: string;
    input: unknown;
    output: unknown;
    durationMs: number;
    isError?: boolean;
  }[];
}

describe('the tool loop', () => {
  it('runs scripted calls, clamps an out-of-bounds proposal and says so, and applies it in auto mode', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: [
        step([{ tool: 'get_endpoint_health', input: {} }]),
        step([
          { tool: 'propose_interval', input: { intervalMs: 1_000, ttlMs: 3 * 86_400_000, reason: 'incident' } },
          submit('two failures in a row'),
        ]),
      ],
    });

    const { result, session, endpoint } = await runWith(model, {}, 'auto');

    expect(result.outcome).toBe('submitted');
    expect(model.doGenerateCalls).toHaveLength(2);
    const calls = toolCalls(session);
    expect(calls.map((call) => call.name)).toEqual(['get_endpoint_health', 'propose_interval', 'submit_analysis']);
    expect(calls[1]?.output).toMatchObject({
      accepted: true,
      intervalMs: 60_000,
      ttlMs: 86_400_000,
      clamped: expect.arrayContaining([expect.stringContaining('minimum'), expect.stringContaining('24 h')]),
    });
    expect(session).toMatchObject({ reasoning: 'two failures in a row', tokensIn: 600, tokensOut: 80, steps: 2 });
    const updated = await findEndpointById(harness.deps.db, endpoint.id);
    expect(updated?.aiIntervalMs).toBe(60_000);
    expect(updated?.nextRunSource).toBe('ai-interval');
    expect((await listProposalsForSession(harness.deps.db, session.id)).map((proposal) => proposal.status)).toEqual([
      'applied',
    ]);
  });

  it('tells the model which hints are in force by the governor’s rule: a lasting manual override sets the AI hint aside', async () => {
    const model = new MockLanguageModelV4({ doGenerate: [step([submit('a person is in charge')])] });
    const endpoint = await failingEndpoint();
    await harness.deps.db.endpoint.update({
      where: { id: endpoint.id },
      data: {
        manualIntervalMs: 5 * 60_000,
        manualExpiresAt: null,
        manualReason: 'holding steady during the migration',
        aiIntervalMs: 60_000,
        aiIntervalExpiresAt: new Date(START.getTime() + 3_600_000),
        aiIntervalReason: 'incident',
      },
    });
    const deps = plannerDependencies(harness.deps, { model, provider: 'openai', modelId: 'mock' });
    await runPlannerSession(deps, { endpointId: endpoint.id, trigger: 'manual' });

    const prompt = JSON.stringify((model.doGenerateCalls[0] as LanguageModelV4CallOptions).prompt);
    expect(prompt).toContain('\\"manualOverride\\":true');
    expect(prompt).toContain('\\"aiInterval\\":null');
  });

  it('feeds malformed arguments back to the model as an error, audits them, and carries on', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: [
        step([{ tool: 'propose_interval', input: { intervalMs: 'fast', reason: '' } }]),
        step([submit('gave up on the malformed proposal')]),
      ],
    });

    const { result, session } = await runWith(model);

    expect(result.outcome).toBe('no_action');
    const [bad] = toolCalls(session);
    expect(bad).toMatchObject({ name: 'propose_interval', isError: true });
    // The second step saw the error as a tool result in its prompt.
    const secondPrompt = JSON.stringify((model.doGenerateCalls[1] as LanguageModelV4CallOptions).prompt);
    expect(secondPrompt).toContain('error');
  });

  it('records a failing tool and lets the model finish', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: [step([{ tool: 'get_response_history', input: { limit: 5 } }]), step([submit()])],
    });
    const endpoint = await failingEndpoint();
    const base = plannerDependencies(harness.deps, { model, provider: 'openai', modelId: 'mock' });
    // Reads of the runs table fail; everything else works.
    const brokenDb = new Proxy(base.db, {
      get(target, property) {
        if (property === 'run') return { findMany: () => Promise.reject(new Error('runs table unavailable')) };
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    const result = await runPlannerSession({ ...base, db: brokenDb }, { endpointId: endpoint.id, trigger: 'manual' });

    expect(result.outcome).toBe('no_action');
    const session = await findAiSessionById(harness.deps.db, result.sessionId ?? '');
    expect(toolCalls(session ?? { toolCalls: [] })[0]).toMatchObject({
      name: 'get_response_history',
      isError: true,
      output: 'runs table unavailable',
    });
  });

  it('stops a model that never submits at the step limit and discards its proposals', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: () =>
        Promise.resolve(
          step([{ tool: 'propose_interval', input: { intervalMs: 300_000, ttlMs: 3_600_000, reason: 'again' } }]),
        ),
    });

    const { result, session, endpoint } = await runWith(model, {}, 'auto');

    expect(result.outcome).toBe('step_limit');
    expect(model.doGenerateCalls).toHaveLength(8);
    expect(session.warnings).toContain('the model did not call submit_analysis; its proposals were discarded');
    expect((await findEndpointById(harness.deps.db, endpoint.id))?.aiIntervalMs).toBeNull();
    expect(await listProposalsForSession(harness.deps.db, session.id)).toHaveLength(0);
  });

  it('ends a session that runs past its time limit', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: (options) =>
        new Promise((_resolve, reject) => {
          options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason));
        }),
    });

    const { result, session } = await runWith(model, { sessionTimeoutMs: 300 });

    expect(result.outcome).toBe('time_limit');
    expect(session.error).toContain('session time limit');
  });

  it('stops at the token cap', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: () =>
        Promise.resolve(step([{ tool: 'get_endpoint_health', input: {} }], { input: 5_000, output: 100 })),
    });

    const { result, session } = await runWith(model, { sessionTokenCap: 8_000 });

    expect(result.outcome).toBe('budget_exhausted');
    expect(model.doGenerateCalls).toHaveLength(2);
    expect(session.tokensIn + session.tokensOut).toBe(10_200);
  });

  it('records a fatal provider error (401) on the session and in the endpoint AI status', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: () => {
        throw new APICallError({
          message: 'Incorrect API key provided',
          url: 'https://api.openai.com/v1/chat/completions',
          requestBodyValues: {},
          statusCode: 401,
          isRetryable: false,
        });
      },
    });

    const { result, session, endpoint } = await runWith(model);

    expect(result.outcome).toBe('provider_error');
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(session.error).toContain('provider answered 401');
    const updated = await findEndpointById(harness.deps.db, endpoint.id);
    expect(updated?.aiStatus).toBe('error');
    expect(updated?.aiStatusMessage).toContain('check AI_API_KEY');
  });

  it('retries a transient provider error (503) and completes', async () => {
    let calls = 0;
    const model = new MockLanguageModelV4({
      doGenerate: () => {
        calls += 1;
        if (calls === 1) {
          throw new APICallError({
            message: 'Service Unavailable',
            url: 'https://api.openai.com/v1/chat/completions',
            requestBodyValues: {},
            statusCode: 503,
            isRetryable: true,
          });
        }
        return Promise.resolve(step([submit('fine after a retry')]));
      },
    });

    const { result } = await runWith(model);

    expect(result.outcome).toBe('no_action');
    expect(calls).toBe(2);
  });

  it('opens the circuit after repeated provider failures and stops calling the provider', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: () => {
        throw new APICallError({
          message: 'Forbidden',
          url: 'https://api.anthropic.com/v1/messages',
          requestBodyValues: {},
          statusCode: 403,
          isRetryable: false,
        });
      },
    });
    const breaker = new CircuitBreaker(2, 60_000);

    await runWith(model, { breaker });
    await runWith(model, { breaker });
    const { result, session } = await runWith(model, { breaker });

    expect(model.doGenerateCalls).toHaveLength(2);
    expect(result.outcome).toBe('provider_error');
    expect(session.error).toContain('failed repeatedly');
  });
});
