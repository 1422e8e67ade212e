import { HOUR_MS } from './duration';

export type PausedBy = 'user' | 'ai' | 'system';

/**
 * An endpoint pause. `until: null` pauses until someone resumes it; a date pauses until then,
 * after which the endpoint resumes on its schedule (slots missed while paused are skipped).
 */
export interface Pause {
  until: Date | null;
  reason: string;
  pausedBy: PausedBy;
}

/** The longest pause the AI planner may set; it must always name an end. */
export const MAX_AI_PAUSE_MS = 24 * HOUR_MS;

export function isPauseActive(pause: Pause | null | undefined, now: Date): pause is Pause {
  return pause != null && (pause.until === null || pause.until.getTime() > now.getTime());
}

/**
 * The AI may lift (or shorten, or replace) only a pause the AI set. A pause set by a person, or
 * by the system (quota, blocked target), stays until a person lifts it.
 */
export function canAiLiftPause(pause: Pause | null | undefined): boolean {
  return pause == null || pause.pausedBy === 'ai';
}

export type AiPauseDecision = { ok: true; pause: Pause } | { ok: false; reason: string };

/**
 * Decides an AI request to pause an endpoint: refused over a pause the AI may not replace,
 * otherwise bounded to MAX_AI_PAUSE_MS from `now` (an open-ended request gets the maximum).
 */
export function decideAiPause(request: {
  now: Date;
  existing: Pause | null | undefined;
  requestedUntil: Date | null;
  reason: string;
}): AiPauseDecision {
  const { now, existing, requestedUntil, reason } = request;
  if (isPauseActive(existing, now) && !canAiLiftPause(existing)) {
    return {
      ok: false,
      reason: `the endpoint is paused by ${existing.pausedBy === 'user' ? 'a person' : 'the system'}; the AI cannot change that pause`,
    };
  }
  const latestMs = now.getTime() + MAX_AI_PAUSE_MS;
  if (requestedUntil !== null && requestedUntil.getTime() <= now.getTime()) {
    return { ok: false, reason: 'a pause must end in the future' };
  }
  const untilMs = Math.min(requestedUntil?.getTime() ?? latestMs, latestMs);
  return { ok: true, pause: { until: new Date(untilMs), reason, pausedBy: 'ai' } };
}

/** Human wording of who paused, for explanations: "a user", "the AI", "Cronwise". */
export function describePausedBy(pausedBy: PausedBy): string {
  if (pausedBy === 'user') return 'a user';
  if (pausedBy === 'ai') return 'the AI';
  return 'Cronwise';
}
