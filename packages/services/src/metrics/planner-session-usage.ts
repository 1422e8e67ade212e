import { findAiSessionById } from '@cronwise/db';
import type { EngineDependencies } from '../engine/contract';

/**
 * A finished planner session as the worker metrics count it: its outcome and the tokens its
 * model used (read from the recorded session; sessions are rare, so one query each is nothing).
 */
export async function plannerSessionUsage(
  deps: Pick<EngineDependencies, 'db'>,
  result: { sessionId: string | null; outcome: string },
): Promise<{ outcome: string; tokensIn: number; tokensOut: number }> {
  const session = result.sessionId ? await findAiSessionById(deps.db, result.sessionId) : null;
  return { outcome: result.outcome, tokensIn: session?.tokensIn ?? 0, tokensOut: session?.tokensOut ?? 0 };
}
