/**
 * The planner's tools, zod-typed. Reads cover the analysed endpoint and its siblings in the same
 * job; actions only ever target the analysed endpoint, and they only *collect* bounded
 * proposals: the session applies them (auto) or stores them (suggest) after `submit_analysis`.
 */
import {
  type Database,
  listRecentRunsWithBodies,
  listSiblingStates,
  type PlannerRun,
  type PlannerSubject,
  summariseRunWindow,
} from '@cronwise/db';
import { DAY_MS, decideAiPause, formatDuration, HOUR_MS, MINUTE_MS } from '@cronwise/domain';
import { tool } from 'ai';
import { z } from 'zod';
import { extractBodySignal } from './body-signals';
import {
  type HealthToolOutput,
  type HistoryRun,
  type HistoryToolOutput,
  type PlannedProposal,
  type SiblingToolOutput,
  TOOL_NAMES,
  type WindowHealthOutput,
} from './tool-types';

export const MAX_HINT_TTL_MS = DAY_MS;
export const MIN_ANALYSIS_DELAY_MS = 5 * MINUTE_MS;
export const MAX_ANALYSIS_DELAY_MS = DAY_MS;
const HISTORY_DEFAULT_LIMIT = 10;
const HISTORY_MAX_LIMIT = 30;
const HISTORY_DEFAULT_BYTES = 1_500;
const BODY_EXCERPT_CHARS = 300;
/** A pending "clear hints" suggestion lapses after this long. */
const CLEAR_PROPOSAL_TTL_MS = HOUR_MS;
const LOGGED_OUTPUT_CHARS = 1_500;

export interface ToolCallLog {
  toolCallId: string;
  name: string;
  input: unknown;
  output: unknown;
  durationMs: number;
  isError: boolean;
}

export interface Submission {
  reasoning: string;
  confidence: number;
  nextAnalysisInMs: number;
}

export interface ToolContext {
  db: Database;
  subject: PlannerSubject;
  now: Date;
  /** max(plan minimum, endpoint minimum). */
  floorMs: number;
  /** Wall clock for tool durations (the session clock may be virtual). */
  elapsed: () => number;
  log: ToolCallLog[];
  proposals: PlannedProposal[];
  submission: Submission | null;
}

function summarise(output: unknown): unknown {
  const text = JSON.stringify(output) ?? 'null';
  return text.length <= LOGGED_OUTPUT_CHARS ? output : `${text.slice(0, LOGGED_OUTPUT_CHARS)}… (${text.length} chars)`;
}

/** Runs a tool body, timing it and logging input and a summary of its output (or error). */
async function logged<T>(
  context: ToolContext,
  name: string,
  toolCallId: string,
  input: unknown,
  body: () => Promise<T> | T,
): Promise<T> {
  const started = context.elapsed();
  try {
    const output = await body();
    context.log.push({
      toolCallId,
      name,
      input,
      output: summarise(output),
      durationMs: context.elapsed() - started,
      isError: false,
    });
    return output;
  } catch (error) {
    context.log.push({
      toolCallId,
      name,
      input,
      output: error instanceof Error ? error.message : String(error),
      durationMs: context.elapsed() - started,
      isError: true,
    });
    throw error;
  }
}

/** A person's or the system's pause: the AI may not act over it. */
function blockingPause(subject: PlannerSubject, now: Date): string | null {
  if (subject.jobStatus !== 'active') return `its job is ${subject.jobStatus}`;
  if (!subject.pausedAt || subject.pausedBy === 'ai') return null;
  if (subject.pausedUntil && subject.pausedUntil.getTime() <= now.getTime()) return null;
  return `the endpoint is paused by ${subject.pausedBy === 'system' ? 'the system' : 'a person'}`;
}

function refused(reason: string) {
  return { accepted: false as const, refused: `${reason}; the AI cannot act on it. Submit your analysis.` };
}

function collapseHistory(runs: PlannerRun[], maxBytes: number): HistoryRun[] {
  const entries: HistoryRun[] = [];
  let bytes = 0;
  let previousKey: string | null = null;
  for (const run of runs) {
    const key = `${run.status}|${run.statusCode}|${run.responseBody ?? ''}`;
    const last = entries.at(-1);
    if (last && key === previousKey) {
      last.count += 1;
      continue;
    }
    previousKey = key;
    const entry: HistoryRun = {
      at: run.plannedAt.toISOString(),
      status: run.status,
      statusCode: run.statusCode,
      durationMs: run.durationMs,
      signal: run.responseBody ? extractBodySignal(run.responseBody) : null,
      count: 1,
      ...(run.error ? { error: run.error.slice(0, 200) } : {}),
    };
    if (run.responseBody && bytes < maxBytes) {
      const excerpt = run.responseBody.slice(0, Math.min(BODY_EXCERPT_CHARS, maxBytes - bytes));
      entry.body = excerpt.length < run.responseBody.length ? `${excerpt}…` : excerpt;
      bytes += excerpt.length;
    }
    entries.push(entry);
  }
  return entries;
}

function windowOutput(stats: Awaited<ReturnType<typeof summariseRunWindow>>): WindowHealthOutput {
  const executed = stats.success + stats.failure + stats.timeout;
  return {
    runs: stats.count,
    successRate: executed === 0 ? null : Math.round((stats.success / executed) * 1000) / 1000,
    latencyP50Ms: stats.durationP50Ms,
    latencyP95Ms: stats.durationP95Ms,
    latenessP99Ms: stats.latenessP99Ms,
  };
}

export function createPlannerTools(context: ToolContext) {
  const { subject, now } = context;
  const maxIntervalMs = subject.maxIntervalMs;
  const effect = subject.aiMode === 'auto' ? 'applied after submit_analysis' : 'stored for a person to approve';
  const record = (proposal: PlannedProposal) => {
    // The latest proposal of a kind replaces an earlier one from the same session.
    const index = context.proposals.findIndex((existing) => existing.kind === proposal.kind);
    if (index === -1) context.proposals.push(proposal);
    else context.proposals[index] = proposal;
  };

  return {
    [TOOL_NAMES.getLatestResponse]: tool({
      description: 'The latest run: status, HTTP code, duration, body signals and a body excerpt.',
      inputSchema: z.object({}),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.getLatestResponse, toolCallId, input, async () => {
          const [run] = await listRecentRunsWithBodies(context.db, subject.id, { limit: 1 });
          if (!run) return { run: null };
          return { run: collapseHistory([run], HISTORY_DEFAULT_BYTES)[0] ?? null };
        }),
    }),
    [TOOL_NAMES.getResponseHistory]: tool({
      description:
        'Recent runs, newest first; identical consecutive runs are collapsed (count). Bodies stop after maxBytes. Page with before = nextCursor.',
      inputSchema: z.object({
        limit: z.number().int().min(1).max(HISTORY_MAX_LIMIT).default(HISTORY_DEFAULT_LIMIT),
        before: z.iso.datetime().optional().describe('nextCursor of the previous page'),
        maxBytes: z.number().int().min(200).max(8_000).default(HISTORY_DEFAULT_BYTES),
      }),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.getResponseHistory, toolCallId, input, async (): Promise<HistoryToolOutput> => {
          const runs = await listRecentRunsWithBodies(context.db, subject.id, {
            limit: input.limit,
            before: input.before ? new Date(input.before) : null,
          });
          const oldest = runs.at(-1);
          return {
            runs: collapseHistory(runs, input.maxBytes),
            nextCursor: runs.length === input.limit && oldest ? oldest.plannedAt.toISOString() : null,
          };
        }),
    }),
    [TOOL_NAMES.getEndpointHealth]: tool({
      description: 'Success rate, latency p50/p95 and lateness over the last hour and day, and the failure streak.',
      inputSchema: z.object({}),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.getEndpointHealth, toolCallId, input, async (): Promise<HealthToolOutput> => {
          const scope = { userId: subject.userId, endpointId: subject.id };
          const [hour, day] = await Promise.all([
            summariseRunWindow(context.db, scope, { since: new Date(now.getTime() - HOUR_MS), until: now }),
            summariseRunWindow(context.db, scope, { since: new Date(now.getTime() - DAY_MS), until: now }),
          ]);
          return { failureStreak: subject.failureStreak, lastHour: windowOutput(hour), lastDay: windowOutput(day) };
        }),
    }),
    [TOOL_NAMES.getSiblingStatus]: tool({
      description: 'The other endpoints of the same job: last status, failure streak, pause, body signals.',
      inputSchema: z.object({}),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.getSiblingStatus, toolCallId, input, async (): Promise<SiblingToolOutput> => {
          const siblings = await listSiblingStates(context.db, subject.jobId, subject.id);
          return {
            siblings: siblings.map((sibling) => ({
              id: sibling.id,
              name: sibling.name,
              lastRunStatus: sibling.lastRunStatus,
              failureStreak: sibling.failureStreak,
              isPaused: sibling.pausedAt !== null,
              latestRunAt: sibling.latestRun?.plannedAt.toISOString() ?? null,
              signal: sibling.latestRun?.responseBody ? extractBodySignal(sibling.latestRun.responseBody) : null,
            })),
          };
        }),
    }),
    [TOOL_NAMES.proposeInterval]: tool({
      description: `Run every intervalMs for ttlMs (at most 24 h) instead of the baseline. Clamped to [${context.floorMs}, ${maxIntervalMs ?? 'no maximum'}] ms.`,
      inputSchema: z.object({
        intervalMs: z.number().int().positive(),
        ttlMs: z.number().int().positive(),
        reason: z.string().trim().min(1).max(300),
      }),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.proposeInterval, toolCallId, input, () => {
          const blocked = blockingPause(subject, now);
          if (blocked) return refused(blocked);
          const notes: string[] = [];
          let intervalMs = input.intervalMs;
          if (intervalMs < context.floorMs) {
            notes.push(
              `interval raised from ${formatDuration(intervalMs)} to the minimum ${formatDuration(context.floorMs)}`,
            );
            intervalMs = context.floorMs;
          }
          if (maxIntervalMs !== null && intervalMs > maxIntervalMs) {
            notes.push(
              `interval lowered from ${formatDuration(intervalMs)} to the maximum ${formatDuration(maxIntervalMs)}`,
            );
            intervalMs = maxIntervalMs;
          }
          let ttlMs = input.ttlMs;
          if (ttlMs > MAX_HINT_TTL_MS) {
            notes.push(`TTL shortened from ${formatDuration(ttlMs)} to 24 h`);
            ttlMs = MAX_HINT_TTL_MS;
          }
          const expiresAt = new Date(now.getTime() + ttlMs);
          record({ kind: 'interval', payload: { intervalMs, ttlMs }, reason: input.reason, expiresAt });
          if (subject.manualExpiresAt && subject.manualExpiresAt.getTime() > now.getTime()) {
            notes.push('a manual override is active and outranks AI hints until it expires');
          }
          return {
            accepted: true as const,
            intervalMs,
            ttlMs,
            expiresAt: expiresAt.toISOString(),
            clamped: notes,
            effect,
          };
        }),
    }),
    [TOOL_NAMES.proposeOneShot]: tool({
      description: 'One extra run at `at` (ISO time within 24 h), e.g. a follow-up. Not before the minimum interval.',
      inputSchema: z.object({ at: z.iso.datetime({ offset: true }), reason: z.string().trim().min(1).max(300) }),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.proposeOneShot, toolCallId, input, () => {
          const blocked = blockingPause(subject, now);
          if (blocked) return refused(blocked);
          const notes: string[] = [];
          const earliestMs = Math.max(now.getTime(), (subject.lastRunAt?.getTime() ?? 0) + context.floorMs);
          const latestMs = now.getTime() + DAY_MS;
          let atMs = Date.parse(input.at);
          if (atMs < earliestMs) {
            notes.push(`moved to ${new Date(earliestMs).toISOString()}: the minimum interval since the last run`);
            atMs = earliestMs;
          }
          if (atMs > latestMs) {
            notes.push('moved to 24 h from now, the latest a one-shot may be');
            atMs = latestMs;
          }
          const runAt = new Date(atMs);
          record({ kind: 'one_shot', payload: { runAt: runAt.toISOString() }, reason: input.reason, expiresAt: runAt });
          return { accepted: true as const, runAt: runAt.toISOString(), clamped: notes, effect };
        }),
    }),
    [TOOL_NAMES.pauseUntil]: tool({
      description:
        'Pause this endpoint until `until` (at most 24 h). Never changes a pause set by a person or the system.',
      inputSchema: z.object({ until: z.iso.datetime({ offset: true }), reason: z.string().trim().min(1).max(300) }),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.pauseUntil, toolCallId, input, () => {
          const blocked = blockingPause(subject, now);
          if (blocked) return refused(blocked);
          const decision = decideAiPause({
            now,
            existing: null,
            requestedUntil: new Date(input.until),
            reason: input.reason,
          });
          if (!decision.ok) return { accepted: false as const, refused: decision.reason };
          const until = decision.pause.until as Date;
          const notes = until.getTime() < Date.parse(input.until) ? ['shortened to 24 h, the longest AI pause'] : [];
          record({ kind: 'pause', payload: { until: until.toISOString() }, reason: input.reason, expiresAt: until });
          return { accepted: true as const, until: until.toISOString(), clamped: notes, effect };
        }),
    }),
    [TOOL_NAMES.clearHints]: tool({
      description: "Remove the AI's interval and one-shot hints and lift an AI pause: back to the baseline.",
      inputSchema: z.object({ reason: z.string().trim().min(1).max(300) }),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.clearHints, toolCallId, input, () => {
          const blocked = blockingPause(subject, now);
          if (blocked) return refused(blocked);
          record({
            kind: 'clear',
            payload: {},
            reason: input.reason,
            expiresAt: new Date(now.getTime() + CLEAR_PROPOSAL_TTL_MS),
          });
          return { accepted: true as const, effect };
        }),
    }),
    [TOOL_NAMES.submitAnalysis]: tool({
      description: 'Required last step: your reasoning, confidence (0-1) and when to analyse again (5 min to 24 h).',
      inputSchema: z.object({
        reasoning: z.string().trim().min(1).max(2_000),
        confidence: z.number().min(0).max(1),
        nextAnalysisInMs: z.number().int().positive(),
      }),
      execute: (input, { toolCallId }) =>
        logged(context, TOOL_NAMES.submitAnalysis, toolCallId, input, () => {
          const nextAnalysisInMs = Math.min(
            Math.max(input.nextAnalysisInMs, MIN_ANALYSIS_DELAY_MS),
            MAX_ANALYSIS_DELAY_MS,
          );
          context.submission = { reasoning: input.reasoning, confidence: input.confidence, nextAnalysisInMs };
          return {
            submitted: true as const,
            nextAnalysisAt: new Date(now.getTime() + nextAnalysisInMs).toISOString(),
            proposals: context.proposals.length,
          };
        }),
    }),
  };
}

export type PlannerTools = ReturnType<typeof createPlannerTools>;
