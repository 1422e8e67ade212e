/**
 * One planner session, in named phases: load → decide whether to analyse (pure) → reserve
 * budget → run the `generateText` tool loop → classify the outcome (pure) → persist the
 * session, its proposals and (auto mode) their application in one transaction → settle tokens.
 */
import {
  createAiSession,
  findAiSessionById,
  findPlannerSubject,
  finishAiSession,
  hasAiSessionOutcomeSince,
  hintsFromColumns,
  listAnalysableSiblings,
  type PlannerSubject,
  type Prisma,
  reserveAiTokens,
  scheduleFromColumns,
  settleAiTokens,
  updatePlannerState,
  withTransaction,
} from '@cronwise/db';
import { hintsInForce, monthKey, nextOccurrences } from '@cronwise/domain';
import { type PlanEndpointPayload, QUEUE } from '@cronwise/jobs';
import { APICallError, generateText, hasToolCall, type LanguageModel, RetryError, stepCountIs } from 'ai';
import { analysisJob } from './analysis-triggers';
import { persistProposals } from './apply-proposal';
import type { CircuitBreaker } from './circuit-breaker';
import type { PlannerDependencies } from './planner-dependencies';
import { type PlannerContext, SYSTEM_PROMPT, userPrompt } from './prompt';
import type { PlannedProposal } from './tool-types';
import {
  createPlannerTools,
  MIN_ANALYSIS_DELAY_MS,
  type Submission,
  type ToolCallLog,
  type ToolContext,
} from './tools';

export type SessionOutcome =
  | 'submitted'
  | 'no_action'
  | 'step_limit'
  | 'time_limit'
  | 'budget_exhausted'
  | 'provider_error';

export interface PlannerSessionResult {
  sessionId: string | null;
  outcome: SessionOutcome | 'skipped';
  /** Why the endpoint was not analysed, when skipped. */
  skippedBecause?: string;
  proposals: PlannedProposal[];
}

/** Whether a trigger should lead to a session; null means go ahead. Pure. */
export function reasonNotToAnalyse(subject: PlannerSubject, payload: PlanEndpointPayload, now: Date): string | null {
  if (subject.aiMode === 'off') return 'AI mode is off for this endpoint';
  if (subject.jobStatus !== 'active') return `its job is ${subject.jobStatus}`;
  const isPausedByPerson =
    subject.pausedAt !== null &&
    subject.pausedBy !== 'ai' &&
    (subject.pausedUntil === null || subject.pausedUntil.getTime() > now.getTime());
  if (isPausedByPerson) return `it is paused by ${subject.pausedBy === 'system' ? 'the system' : 'a person'}`;
  if (payload.trigger === 'manual' || payload.trigger === 'sibling') return null;
  const ranSinceLastSession =
    subject.lastAnalysisAt === null ||
    (subject.lastRunAt !== null && subject.lastRunAt.getTime() > subject.lastAnalysisAt.getTime());
  if (!ranSinceLastSession && subject.failureStreak === 0) return 'it has not run since its last analysis';
  return null;
}

interface LoopResult {
  submission: Submission | null;
  steps: number;
  tokensIn: number;
  tokensOut: number;
  error: { kind: 'time_limit' | 'provider_error'; message: string; isFatal: boolean } | null;
  hitTokenCap: boolean;
}

/** Names the outcome of a finished loop. Pure. */
export function classifyOutcome(loop: LoopResult, proposals: PlannedProposal[], maxSteps: number): SessionOutcome {
  if (loop.error) return loop.error.kind;
  if (loop.submission) return proposals.length > 0 ? 'submitted' : 'no_action';
  if (loop.hitTokenCap) return 'budget_exhausted';
  if (loop.steps >= maxSteps) return 'step_limit';
  return 'no_action';
}

export async function runPlannerSession(
  deps: PlannerDependencies,
  payload: PlanEndpointPayload,
): Promise<PlannerSessionResult> {
  const startedAt = deps.clock.now();
  const subject = await findPlannerSubject(deps.db, payload.endpointId);
  if (!subject)
    return { sessionId: null, outcome: 'skipped', skippedBecause: 'the endpoint no longer exists', proposals: [] };
  const { planner } = deps;

  const skip = reasonNotToAnalyse(subject, payload, startedAt);
  if (skip) {
    if (payload.sessionId) {
      await closeWithoutLoop(deps, subject, payload, startedAt, 'no_action', `not analysed: ${skip}`);
    }
    return { sessionId: payload.sessionId ?? null, outcome: 'skipped', skippedBecause: skip, proposals: [] };
  }

  const month = monthKey(startedAt);
  const limit = deps.tierLimits[subject.tier].aiTokensPerMonth;
  const reserved = planner.sessionTokenCap;
  if (!(await reserveAiTokens(deps.db, { userId: subject.userId, month, tokens: reserved, limit }))) {
    const monthStart = new Date(Date.UTC(startedAt.getUTCFullYear(), startedAt.getUTCMonth(), 1));
    const isRecorded = await hasAiSessionOutcomeSince(deps.db, subject.userId, 'budget_exhausted', monthStart);
    const message = `monthly AI token budget of ${limit.toLocaleString('en-US')} is used up; analyses resume next month or on a larger plan`;
    await updatePlannerState(deps.db, subject.id, { aiStatus: 'budget_exhausted', aiStatusMessage: message });
    // Once per period, not once per trigger; a person asking explicitly still gets an answer.
    if (!isRecorded || payload.sessionId) {
      const id = await closeWithoutLoop(deps, subject, payload, startedAt, 'budget_exhausted', message);
      return { sessionId: id, outcome: 'budget_exhausted', proposals: [] };
    }
    return { sessionId: null, outcome: 'skipped', skippedBecause: message, proposals: [] };
  }

  const blockedUntil = planner.breaker.blockedUntil(Date.now());
  if (blockedUntil) {
    await settleAiTokens(deps.db, { userId: subject.userId, month, reserved, used: 0 });
    const message = `provider ${planner.provider} failed repeatedly; calls resume after ${blockedUntil.toISOString()}`;
    const id = await closeWithoutLoop(deps, subject, payload, startedAt, 'provider_error', message);
    return { sessionId: id, outcome: 'provider_error', proposals: [] };
  }

  const session = payload.sessionId
    ? await findAiSessionById(deps.db, payload.sessionId)
    : await createAiSession(deps.db, {
        endpointId: subject.id,
        userId: subject.userId,
        provider: planner.provider,
        model: planner.modelId,
        trigger: payload.trigger,
        startedAt,
      });
  if (!session)
    return { sessionId: null, outcome: 'skipped', skippedBecause: 'the session was deleted', proposals: [] };

  const floorMs = Math.max(deps.tierLimits[subject.tier].minIntervalMs, subject.minIntervalMs ?? 0);
  const wallStart = Date.now();
  const toolContext: ToolContext = {
    db: deps.db,
    subject,
    now: startedAt,
    floorMs,
    elapsed: () => Date.now() - wallStart,
    log: [],
    proposals: [],
    submission: null,
  };
  const loop = await runToolLoop(
    planner.model,
    planner,
    toolContext,
    buildContext(subject, payload, startedAt, floorMs),
  );
  recordBreaker(planner.breaker, loop);

  const proposals = loop.submission ? toolContext.proposals : [];
  const outcome = classifyOutcome(loop, proposals, planner.maxSteps);
  const finishedAt = deps.clock.now();
  const nextAnalysisAt = new Date(
    finishedAt.getTime() + (loop.submission?.nextAnalysisInMs ?? Math.max(MIN_ANALYSIS_DELAY_MS, 60 * 60_000)),
  );
  const used = loop.tokensIn + loop.tokensOut;

  await withTransaction(deps.db, async (tx) => {
    await finishAiSession(tx, session.id, {
      provider: planner.provider,
      model: planner.modelId,
      trigger: payload.trigger,
      startedAt: session.startedAt,
      finishedAt,
      durationMs: Date.now() - wallStart,
      steps: loop.steps,
      toolCalls: toolCallsForAudit(toolContext.log) as Prisma.InputJsonValue,
      reasoning: loop.submission?.reasoning ?? null,
      tokensIn: loop.tokensIn,
      tokensOut: loop.tokensOut,
      nextAnalysisAt,
      warnings: loop.submission ? [] : ['the model did not call submit_analysis; its proposals were discarded'],
      outcome,
      error: loop.error?.message ?? null,
    });
    await persistProposals(deps, tx, subject, session.id, proposals, finishedAt);
    await updatePlannerState(tx, subject.id, {
      lastAnalysisAt: finishedAt,
      nextAnalysisAt,
      aiStatus: loop.error?.isFatal ? 'error' : 'ok',
      aiStatusMessage: loop.error?.isFatal ? loop.error.message : null,
    });
  });
  await settleAiTokens(deps.db, { userId: subject.userId, month, reserved, used });
  await queueSiblingAnalyses(deps, subject, payload, finishedAt);
  return { sessionId: session.id, outcome, proposals };
}

/**
 * A change in what an endpoint's body reports ("ready", "degraded") may matter to the other
 * endpoints of its job: they get an analysis too. Only run-triggered sessions fan out, so
 * siblings never ping-pong.
 */
async function queueSiblingAnalyses(
  deps: PlannerDependencies,
  subject: PlannerSubject,
  payload: PlanEndpointPayload,
  now: Date,
): Promise<void> {
  if (payload.trigger !== 'run-change' || !payload.reason?.startsWith('body signal changed')) return;
  if (subject.siblingCount === 0) return;
  const siblings = await listAnalysableSiblings(deps.db, subject.jobId, subject.id);
  if (siblings.length === 0) return;
  await deps.boss.insert(
    QUEUE.planEndpoint,
    siblings.map((sibling) =>
      analysisJob(
        { endpointId: sibling.id, userId: sibling.userId },
        'sibling',
        `sibling "${subject.name}" reports a new signal`,
        now,
      ),
    ),
  );
}

function buildContext(
  subject: PlannerSubject,
  payload: PlanEndpointPayload,
  now: Date,
  floorMs: number,
): PlannerContext {
  const schedule = scheduleFromColumns(subject);
  const [first, second] =
    schedule.type === 'cron' ? nextOccurrences(schedule, { from: now, count: 2 }) : [undefined, undefined];
  const baselineIntervalMs =
    schedule.type === 'interval' ? schedule.intervalMs : first && second ? second.getTime() - first.getTime() : 0;
  const inForce = hintsInForce(hintsFromColumns(subject), now);
  const isPaused =
    subject.pausedAt !== null && (subject.pausedUntil === null || subject.pausedUntil.getTime() > now.getTime());
  return {
    now: now.toISOString(),
    trigger: payload.trigger,
    reason: payload.reason ?? null,
    mode: subject.aiMode === 'auto' ? 'auto' : 'suggest',
    endpoint: {
      name: subject.name,
      description: subject.description.slice(0, 1_000),
      schedule:
        schedule.type === 'interval' ? `every ${schedule.intervalMs} ms` : `cron ${schedule.cron} ${schedule.timezone}`,
      baselineIntervalMs,
      minIntervalMs: floorMs,
      maxIntervalMs: subject.maxIntervalMs,
      lastRunAt: subject.lastRunAt?.toISOString() ?? null,
      lastRunStatus: subject.lastRunStatus,
      failureStreak: subject.failureStreak,
    },
    hints: {
      aiInterval: inForce.aiInterval
        ? { intervalMs: inForce.aiInterval.intervalMs, expiresAt: inForce.aiInterval.expiresAt.toISOString() }
        : null,
      aiOneShot: inForce.aiOneShot ? { at: inForce.aiOneShot.runAt.toISOString() } : null,
      manualOverride: inForce.manual !== null,
      pause: isPaused ? { by: subject.pausedBy ?? 'user', until: subject.pausedUntil?.toISOString() ?? null } : null,
    },
    siblingCount: subject.siblingCount,
  };
}

async function runToolLoop(
  model: LanguageModel,
  settings: PlannerDependencies['planner'],
  toolContext: ToolContext,
  context: PlannerContext,
): Promise<LoopResult> {
  const loop: LoopResult = { submission: null, steps: 0, tokensIn: 0, tokensOut: 0, error: null, hitTokenCap: false };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('session time limit')), settings.sessionTimeoutMs);
  try {
    await generateText({
      model,
      system: SYSTEM_PROMPT,
      prompt: userPrompt(context),
      tools: createPlannerTools(toolContext),
      // Reads can run together; actions are recorded in call order.
      toolCallConcurrency: 1,
      stopWhen: [
        stepCountIs(settings.maxSteps),
        hasToolCall('submit_analysis'),
        () => loop.tokensIn + loop.tokensOut >= settings.sessionTokenCap,
      ],
      maxRetries: settings.maxRetries,
      maxOutputTokens: settings.maxOutputTokensPerStep,
      abortSignal: abort.signal,
      onStepEnd: (step) => {
        loop.steps += 1;
        loop.tokensIn += step.usage.inputTokens ?? 0;
        loop.tokensOut += step.usage.outputTokens ?? 0;
        // Calls the SDK rejected before execution (unknown tool, malformed arguments) are audited too.
        for (const part of step.content) {
          if (part.type !== 'tool-error' || toolContext.log.some((entry) => entry.toolCallId === part.toolCallId))
            continue;
          toolContext.log.push({
            toolCallId: part.toolCallId,
            name: part.toolName,
            input: part.input ?? null,
            output: part.error instanceof Error ? part.error.message.slice(0, 500) : String(part.error),
            durationMs: 0,
            isError: true,
          });
        }
      },
    });
  } catch (error) {
    loop.error = abort.signal.aborted
      ? {
          kind: 'time_limit',
          message: `stopped after ${settings.sessionTimeoutMs} ms (session time limit)`,
          isFatal: false,
        }
      : describeProviderError(error);
  } finally {
    clearTimeout(timer);
  }
  loop.submission = toolContext.submission;
  loop.hitTokenCap = loop.tokensIn + loop.tokensOut >= settings.sessionTokenCap;
  return loop;
}

/** 401/403 are fatal (shown on the endpoint); everything else was already retried by the SDK. */
function describeProviderError(error: unknown): NonNullable<LoopResult['error']> {
  const last = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(last)) {
    const isFatal = last.statusCode === 401 || last.statusCode === 403;
    const hint = isFatal ? '; check AI_API_KEY and the account it belongs to' : '';
    return {
      kind: 'provider_error',
      message: `provider answered ${last.statusCode ?? 'without a status'}: ${last.message}${hint}`.slice(0, 500),
      isFatal,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'provider_error', message: message.slice(0, 500), isFatal: false };
}

function recordBreaker(breaker: CircuitBreaker, loop: LoopResult): void {
  if (loop.error?.kind === 'provider_error') breaker.recordFailure(Date.now());
  else breaker.recordSuccess();
}

function toolCallsForAudit(log: ToolCallLog[]) {
  return log.map((entry) => ({
    name: entry.name,
    input: entry.input ?? null,
    output: entry.output ?? null,
    durationMs: entry.durationMs,
    ...(entry.isError ? { isError: true } : {}),
  }));
}

/** Records a session that ended before any model call (budget, breaker, not eligible). */
async function closeWithoutLoop(
  deps: PlannerDependencies,
  subject: PlannerSubject,
  payload: PlanEndpointPayload,
  startedAt: Date,
  outcome: SessionOutcome,
  message: string,
): Promise<string> {
  const { planner } = deps;
  const id =
    payload.sessionId ??
    (
      await createAiSession(deps.db, {
        endpointId: subject.id,
        userId: subject.userId,
        provider: planner.provider,
        model: planner.modelId,
        trigger: payload.trigger,
        startedAt,
      })
    ).id;
  const finishedAt = deps.clock.now();
  await finishAiSession(deps.db, id, {
    provider: planner.provider,
    model: planner.modelId,
    trigger: payload.trigger,
    startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    steps: 0,
    toolCalls: [],
    reasoning: null,
    tokensIn: 0,
    tokensOut: 0,
    nextAnalysisAt: null,
    warnings: [message],
    outcome,
    error: outcome === 'no_action' ? null : message,
  });
  return id;
}
