import { describe, expect, it } from 'vitest';
import { analysisJob, analysisReasonAfterRun, type RunChange } from './analysis-triggers';

const steady: RunChange = {
  aiMode: 'suggest',
  previousStatus: 'success',
  status: 'success',
  previousStreak: 0,
  streak: 0,
  previousSignal: 'healthy|ready=-',
  signal: 'healthy|ready=-',
};

describe('analysis triggers after a run', () => {
  it('fires when the failure streak starts or ends, the status class changes, or the body signal changes', () => {
    expect(analysisReasonAfterRun({ ...steady, status: 'failure', streak: 1 })).toBe('failure streak 0 → 1');
    expect(analysisReasonAfterRun({ ...steady, previousStatus: 'failure', previousStreak: 3 })).toBe(
      'recovered after 3 failure(s)',
    );
    expect(analysisReasonAfterRun({ ...steady, previousStatus: 'skipped' })).toContain('status changed');
    expect(analysisReasonAfterRun({ ...steady, signal: 'degraded|ready=-' })).toContain('body signal changed');
  });

  it('stays quiet on a steady run, a continuing streak, or with AI off', () => {
    expect(analysisReasonAfterRun(steady)).toBeNull();
    expect(
      analysisReasonAfterRun({ ...steady, previousStatus: 'failure', status: 'failure', previousStreak: 2, streak: 3 }),
    ).toBeNull();
    expect(analysisReasonAfterRun({ ...steady, aiMode: 'off', status: 'failure', streak: 1 })).toBeNull();
  });

  it('builds a debounced job keyed by endpoint and grouped by owner; a person’s request gets its own key', () => {
    const now = new Date('2026-12-01T10:00:00.000Z');
    const job = analysisJob({ endpointId: 'e1', userId: 'u1' }, 'run-change', 'why', now);
    expect(job).toMatchObject({
      singletonKey: 'e1',
      group: { id: 'u1' },
      startAfter: new Date('2026-12-01T10:00:05.000Z'),
    });
    const manual = analysisJob({ endpointId: 'e1', userId: 'u1' }, 'manual', 'why', now, {
      sessionId: 's1',
      debounceSeconds: 0,
    });
    expect(manual.singletonKey).toBe('manual:s1');
  });
});
