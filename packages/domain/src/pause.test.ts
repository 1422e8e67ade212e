import { describe, expect, it } from 'vitest';
import { HOUR_MS } from './duration';
import { canAiLiftPause, decideAiPause, describePausedBy, isPauseActive, MAX_AI_PAUSE_MS, type Pause } from './pause';

const now = new Date('2026-05-04T14:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('isPauseActive', () => {
  it('is active until its end, and forever without one', () => {
    expect(isPauseActive({ until: later(1), reason: '', pausedBy: 'user' }, now)).toBe(true);
    expect(isPauseActive({ until: now, reason: '', pausedBy: 'user' }, now)).toBe(false);
    expect(isPauseActive({ until: null, reason: '', pausedBy: 'ai' }, now)).toBe(true);
    expect(isPauseActive(null, now)).toBe(false);
    expect(isPauseActive(undefined, now)).toBe(false);
  });
});

describe('canAiLiftPause', () => {
  it('lets the AI lift only pauses the AI set', () => {
    expect(canAiLiftPause({ until: later(HOUR_MS), reason: 'noisy', pausedBy: 'ai' })).toBe(true);
    expect(canAiLiftPause({ until: null, reason: 'investigating', pausedBy: 'user' })).toBe(false);
    expect(canAiLiftPause({ until: later(HOUR_MS), reason: 'quota', pausedBy: 'system' })).toBe(false);
    expect(canAiLiftPause(null)).toBe(true);
  });
});

describe('decideAiPause', () => {
  it('bounds an AI pause to MAX_AI_PAUSE_MS', () => {
    const decision = decideAiPause({
      now,
      existing: null,
      requestedUntil: later(7 * 24 * HOUR_MS),
      reason: 'flapping',
    });
    expect(decision).toEqual({
      ok: true,
      pause: { until: later(MAX_AI_PAUSE_MS), reason: 'flapping', pausedBy: 'ai' },
    });
  });

  it('gives an open-ended AI request the maximum instead of forever', () => {
    const decision = decideAiPause({ now, existing: null, requestedUntil: null, reason: 'noisy' });
    expect(decision.ok && decision.pause.until?.getTime()).toBe(now.getTime() + MAX_AI_PAUSE_MS);
  });

  it('keeps a shorter requested end', () => {
    const decision = decideAiPause({ now, existing: null, requestedUntil: later(HOUR_MS), reason: 'noisy' });
    expect(decision.ok && decision.pause.until?.toISOString()).toBe('2026-05-04T15:00:00.000Z');
  });

  it('may replace its own pause', () => {
    const existing: Pause = { until: later(HOUR_MS), reason: 'old', pausedBy: 'ai' };
    expect(decideAiPause({ now, existing, requestedUntil: later(2 * HOUR_MS), reason: 'new' }).ok).toBe(true);
  });

  it('never overrides a pause a person or the system set', () => {
    expect(
      decideAiPause({
        now,
        existing: { until: null, reason: 'x', pausedBy: 'user' },
        requestedUntil: later(HOUR_MS),
        reason: 'y',
      }),
    ).toEqual({
      ok: false,
      reason: 'the endpoint is paused by a person; the AI cannot change that pause',
    });
    expect(
      decideAiPause({
        now,
        existing: { until: later(HOUR_MS), reason: 'x', pausedBy: 'system' },
        requestedUntil: null,
        reason: 'y',
      }),
    ).toEqual({
      ok: false,
      reason: 'the endpoint is paused by the system; the AI cannot change that pause',
    });
  });

  it('ignores an ended human pause', () => {
    expect(
      decideAiPause({ now, existing: { until: now, reason: 'x', pausedBy: 'user' }, requestedUntil: null, reason: 'y' })
        .ok,
    ).toBe(true);
  });

  it('refuses a pause that ends in the past', () => {
    expect(decideAiPause({ now, existing: null, requestedUntil: now, reason: 'y' })).toEqual({
      ok: false,
      reason: 'a pause must end in the future',
    });
  });
});

describe('describePausedBy', () => {
  it('names who paused', () => {
    expect(['user', 'ai', 'system'].map((who) => describePausedBy(who as Pause['pausedBy']))).toEqual([
      'a user',
      'the AI',
      'Cronwise',
    ]);
  });
});
