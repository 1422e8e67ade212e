/**
 * Which model the planner talks to, from AI_PROVIDER / AI_BASE_URL / AI_MODEL / AI_API_KEY.
 * Validated once at worker start-up (apps/worker/src/env.ts) with messages that say what to set.
 */
import { z } from 'zod';

export const AI_PROVIDERS = ['heuristic', 'openai', 'anthropic', 'openai-compatible'] as const;
export type AiProviderName = (typeof AI_PROVIDERS)[number];

export interface PlannerProviderSettings {
  provider: AiProviderName;
  model: string;
  baseUrl: string | null;
  apiKey: string | null;
}

const DEFAULT_MODELS: Record<AiProviderName, string | null> = {
  heuristic: 'heuristic-v1',
  openai: 'gpt-4o-mini',
  anthropic: 'claude-3-5-haiku-latest',
  'openai-compatible': null,
};

/** The AI_* variables, for an app's environment schema (combine with `checkAiEnvironment`). */
export const aiEnvironmentShape = {
  AI_PROVIDER: z.enum(AI_PROVIDERS, { message: `must be one of ${AI_PROVIDERS.join(', ')}` }).default('heuristic'),
  AI_BASE_URL: z.url({ message: 'must be an http(s) URL, e.g. http://127.0.0.1:11434/v1' }).optional(),
  AI_MODEL: z.string().trim().min(1).optional(),
  AI_API_KEY: z.string().trim().min(1).optional(),
};

export interface AiEnvironment {
  AI_PROVIDER: AiProviderName;
  AI_BASE_URL?: string | undefined;
  AI_MODEL?: string | undefined;
  AI_API_KEY?: string | undefined;
}

/** Reports every missing or contradictory AI setting at once (use in `superRefine`). */
export function checkAiEnvironment(env: AiEnvironment, context: z.RefinementCtx): void {
  if ((env.AI_PROVIDER === 'openai' || env.AI_PROVIDER === 'anthropic') && !env.AI_API_KEY) {
    context.addIssue({
      code: 'custom',
      path: ['AI_API_KEY'],
      message: `is required when AI_PROVIDER=${env.AI_PROVIDER}; set it, or unset AI_PROVIDER to use the built-in heuristic model`,
    });
  }
  if (env.AI_PROVIDER === 'openai-compatible' && !env.AI_BASE_URL) {
    context.addIssue({
      code: 'custom',
      path: ['AI_BASE_URL'],
      message: 'is required when AI_PROVIDER=openai-compatible, e.g. http://127.0.0.1:11434/v1 for Ollama',
    });
  }
  if (env.AI_PROVIDER === 'openai-compatible' && !env.AI_MODEL) {
    context.addIssue({
      code: 'custom',
      path: ['AI_MODEL'],
      message: 'is required when AI_PROVIDER=openai-compatible (the model your server serves, e.g. llama3.1)',
    });
  }
  if (env.AI_BASE_URL && env.AI_PROVIDER !== 'openai-compatible' && env.AI_PROVIDER !== 'openai') {
    context.addIssue({
      code: 'custom',
      path: ['AI_BASE_URL'],
      message: `is only used with AI_PROVIDER=openai-compatible or openai; remove it or change AI_PROVIDER (now ${env.AI_PROVIDER})`,
    });
  }
}

export const aiEnvironmentSchema = z.object(aiEnvironmentShape).superRefine(checkAiEnvironment);

export function plannerProviderSettings(env: AiEnvironment): PlannerProviderSettings {
  return {
    provider: env.AI_PROVIDER,
    model: env.AI_MODEL ?? DEFAULT_MODELS[env.AI_PROVIDER] ?? '',
    baseUrl: env.AI_BASE_URL ?? null,
    apiKey: env.AI_API_KEY ?? null,
  };
}

/** The AI settings' problems as "NAME: what to do" lines; empty when the settings are usable. */
export function aiEnvironmentProblems(env: Partial<AiEnvironment>): string[] {
  const result = aiEnvironmentSchema.safeParse({
    AI_PROVIDER: env.AI_PROVIDER,
    AI_BASE_URL: env.AI_BASE_URL,
    AI_MODEL: env.AI_MODEL,
    AI_API_KEY: env.AI_API_KEY,
  });
  return result.success ? [] : result.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
}
