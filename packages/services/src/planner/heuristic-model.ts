/**
 * The built-in planner model: a deterministic implementation of the AI SDK's language-model
 * specification (v4). It runs in the same `generateText` tool loop as a hosted LLM: the first
 * step calls the read tools, the second reads their results from the prompt, applies
 * heuristic-rules.ts, and calls the action tools and `submit_analysis`. Token counts are
 * estimated (4 characters a token) so budgets and reports work the same way.
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { decideWithHeuristics, type HistoryEntry, type RuleInput } from './heuristic-rules';
import { CONTEXT_MARKER, type PlannerContext } from './prompt';
import { type HistoryToolOutput, type SiblingToolOutput, TOOL_NAMES } from './tool-types';

export const HEURISTIC_PROVIDER = 'cronwise';
export const HEURISTIC_MODEL_ID = 'heuristic-v1';
const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export class HeuristicPlannerModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = HEURISTIC_PROVIDER;
  readonly modelId = HEURISTIC_MODEL_ID;
  readonly supportedUrls = {};

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const content = this.respond(options.prompt);
    const promptText = promptCharacters(options.prompt) + JSON.stringify(options.tools ?? []);
    const outputTokens = estimateTokens(JSON.stringify(content));
    const inputTokens = estimateTokens(promptText);
    const hasCalls = content.some((part) => part.type === 'tool-call');
    return {
      content,
      finishReason: { unified: hasCalls ? 'tool-calls' : 'stop', raw: undefined },
      usage: {
        inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
      },
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const result = await this.doGenerate(options);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings: [] });
        for (const part of result.content) {
          if (part.type === 'tool-call') controller.enqueue(part);
          if (part.type === 'text') {
            controller.enqueue({ type: 'text-start', id: 'text' });
            controller.enqueue({ type: 'text-delta', id: 'text', delta: part.text });
            controller.enqueue({ type: 'text-end', id: 'text' });
          }
        }
        controller.enqueue({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
        controller.close();
      },
    });
    return { stream } as LanguageModelV4StreamResult;
  }

  private respond(prompt: LanguageModelV4Prompt): LanguageModelV4Content[] {
    const context = readContext(prompt);
    const results = readToolResults(prompt);
    const step = prompt.filter((message) => message.role === 'assistant').length;
    const call = (toolName: string, input: unknown, index: number): LanguageModelV4Content => ({
      type: 'tool-call',
      toolCallId: `heuristic-${step}-${index}`,
      toolName,
      input: JSON.stringify(input),
    });
    if (results.has(TOOL_NAMES.submitAnalysis)) return [{ type: 'text', text: 'Analysis submitted.' }];
    if (!context) {
      return [
        call(
          TOOL_NAMES.submitAnalysis,
          {
            reasoning: 'No endpoint context in the prompt; nothing to decide.',
            confidence: 0,
            nextAnalysisInMs: 3_600_000,
          },
          0,
        ),
      ];
    }
    if (!results.has(TOOL_NAMES.getEndpointHealth) || !results.has(TOOL_NAMES.getResponseHistory)) {
      const reads = [
        call(TOOL_NAMES.getEndpointHealth, {}, 0),
        call(TOOL_NAMES.getResponseHistory, { limit: 8, maxBytes: 1_200 }, 1),
      ];
      if (context.siblingCount > 0) reads.push(call(TOOL_NAMES.getSiblingStatus, {}, 2));
      return reads;
    }
    const decision = decideWithHeuristics(ruleInput(context, results));
    const calls = decision.actions.map((action, index) => call(action.tool, action.input, index));
    calls.push(
      call(
        TOOL_NAMES.submitAnalysis,
        {
          reasoning: decision.reasoning,
          confidence: decision.confidence,
          nextAnalysisInMs: Math.round(decision.nextAnalysisInMs),
        },
        calls.length,
      ),
    );
    return calls;
  }
}

/** The text a provider would tokenise: message texts, tool inputs and tool results (no envelope). */
function promptCharacters(prompt: LanguageModelV4Prompt): string {
  const pieces: string[] = [];
  for (const message of prompt) {
    if (typeof message.content === 'string') {
      pieces.push(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text') pieces.push(part.text);
      else if (part.type === 'tool-call') pieces.push(part.toolName, JSON.stringify(part.input));
      else if (part.type === 'tool-result') pieces.push(part.toolName, JSON.stringify(part.output));
    }
  }
  return pieces.join('\n');
}

function readContext(prompt: LanguageModelV4Prompt): PlannerContext | null {
  for (const message of prompt) {
    if (message.role !== 'user') continue;
    for (const part of message.content) {
      if (part.type !== 'text') continue;
      const at = part.text.indexOf(CONTEXT_MARKER);
      if (at === -1) continue;
      try {
        return JSON.parse(part.text.slice(at + CONTEXT_MARKER.length)) as PlannerContext;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The latest successful JSON result of each tool, from the tool messages in the prompt. */
function readToolResults(prompt: LanguageModelV4Prompt): Map<string, unknown> {
  const results = new Map<string, unknown>();
  for (const message of prompt) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type === 'tool-result' && part.output.type === 'json') results.set(part.toolName, part.output.value);
    }
  }
  return results;
}

function ruleInput(context: PlannerContext, results: Map<string, unknown>): RuleInput {
  const history = results.get(TOOL_NAMES.getResponseHistory) as HistoryToolOutput;
  const siblings = (results.get(TOOL_NAMES.getSiblingStatus) as SiblingToolOutput | undefined)?.siblings ?? [];
  const entries: HistoryEntry[] = history.runs.map((run) => ({
    status: run.status,
    level: run.signal?.level ?? null,
    durationMs: run.durationMs,
    isReady: run.signal?.isReady ?? null,
    count: run.count,
  }));
  return {
    nowMs: Date.parse(context.now),
    description: context.endpoint.description,
    baselineIntervalMs: context.endpoint.baselineIntervalMs,
    floorMs: context.endpoint.minIntervalMs,
    maxIntervalMs: context.endpoint.maxIntervalMs,
    lastRunAtMs: context.endpoint.lastRunAt ? Date.parse(context.endpoint.lastRunAt) : null,
    hints: {
      aiIntervalMs: context.hints.aiInterval?.intervalMs ?? null,
      aiIntervalExpiresAtMs: context.hints.aiInterval ? Date.parse(context.hints.aiInterval.expiresAt) : null,
      aiOneShotAtMs: context.hints.aiOneShot ? Date.parse(context.hints.aiOneShot.at) : null,
      isAiPaused: context.hints.pause?.by === 'ai',
      isPausedByPerson: context.hints.pause !== null && context.hints.pause.by !== 'ai',
    },
    history: entries,
    siblings: siblings.map((sibling) => ({
      name: sibling.name,
      isReady: sibling.signal?.isReady ?? null,
      latestRunAtMs: sibling.latestRunAt ? Date.parse(sibling.latestRunAt) : null,
    })),
  };
}
