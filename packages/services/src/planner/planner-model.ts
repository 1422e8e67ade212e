import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { HeuristicPlannerModel } from './heuristic-model';
import type { PlannerProviderSettings } from './provider-settings';

/** The language model a session runs: a hosted provider, or the built-in heuristic model. */
export function createPlannerModel(settings: PlannerProviderSettings): LanguageModel {
  switch (settings.provider) {
    case 'openai':
      return createOpenAI({
        apiKey: settings.apiKey ?? undefined,
        ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
      })(settings.model);
    case 'anthropic':
      return createAnthropic({ apiKey: settings.apiKey ?? undefined })(settings.model);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: settings.baseUrl ?? '',
        ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
      })(settings.model);
    default:
      return new HeuristicPlannerModel();
  }
}
