import type { LanguageModel } from 'ai';
import type { EngineDependencies } from '../engine/contract';
import { CircuitBreaker } from './circuit-breaker';
import { createPlannerModel } from './planner-model';
import type { PlannerProviderSettings } from './provider-settings';

/** Session limits: the bounds (8 steps, 20 s) and a token cap per session. */
export const DEFAULT_MAX_STEPS = 8;
export const DEFAULT_SESSION_TIMEOUT_MS = 20_000;
export const DEFAULT_SESSION_TOKEN_CAP = 12_000;
const DEFAULT_MAX_OUTPUT_TOKENS_PER_STEP = 800;
/** Transient provider errors (429, 5xx, timeouts) are retried by the AI SDK with backoff. */
const DEFAULT_MAX_RETRIES = 2;

export interface PlannerSettings {
  model: LanguageModel;
  /** heuristic, openai, anthropic, openai-compatible. */
  provider: string;
  modelId: string;
  maxSteps: number;
  sessionTimeoutMs: number;
  /** Reserved from the monthly budget before a session and settled after it. */
  sessionTokenCap: number;
  maxOutputTokensPerStep: number;
  maxRetries: number;
  breaker: CircuitBreaker;
}

export interface PlannerDependencies extends EngineDependencies {
  planner: PlannerSettings;
}

/** Builds the planner's settings from the validated AI_* environment; tests may pass their own model. */
export function createPlannerSettings(
  provider: PlannerProviderSettings,
  overrides: Partial<PlannerSettings> = {},
): PlannerSettings {
  return {
    model: overrides.model ?? createPlannerModel(provider),
    provider: provider.provider,
    modelId: provider.model,
    maxSteps: DEFAULT_MAX_STEPS,
    sessionTimeoutMs: DEFAULT_SESSION_TIMEOUT_MS,
    sessionTokenCap: DEFAULT_SESSION_TOKEN_CAP,
    maxOutputTokensPerStep: DEFAULT_MAX_OUTPUT_TOKENS_PER_STEP,
    maxRetries: DEFAULT_MAX_RETRIES,
    breaker: new CircuitBreaker(),
    ...overrides,
  };
}
