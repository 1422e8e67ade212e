import { describe, expect, it } from 'vitest';
import {
  type AlertObservation,
  type AlertPolicy,
  decideAlerts,
  effectiveAlertPolicy,
  normaliseAlertPolicy,
} from './alerts';

const policy: AlertPolicy = {
  channelIds: ['c1'],
  afterConsecutiveFailures: 3,
  failuresInLastRuns: null,
  onRecovery: true,
  onAutoPause: true,
  onQuotaExhausted: true,
  onAiPause: true,
};

function observe(partial: Partial<AlertObservation>): AlertObservation {
  return {
    policy,
    failureStreak: 0,
    batchStatuses: [],
    recentStatuses: [],
    pausedBy: null,
    pauseReason: null,
    openKinds: new Set(),
    ...partial,
  };
}

describe('decideAlerts', () => {
  it('opens a failing incident once the consecutive-failure rule holds, not before', () => {
    expect(decideAlerts(observe({ failureStreak: 2, batchStatuses: ['failure'] })).open).toEqual([]);
    expect(decideAlerts(observe({ failureStreak: 3, batchStatuses: ['failure'] })).open).toEqual([
      { kind: 'failing', reason: '3 consecutive failed runs' },
    ]);
  });

  it('does not open a second failing incident while one is open', () => {
    const decision = decideAlerts(
      observe({ failureStreak: 7, batchStatuses: ['timeout'], openKinds: new Set(['failing']) }),
    );
    expect(decision).toEqual({ open: [], resolve: [], isRecoveryNoticed: false });
  });

  it('closes the incident and notices recovery when the endpoint succeeds again', () => {
    const decision = decideAlerts(observe({ batchStatuses: ['success'], openKinds: new Set(['failing']) }));
    expect(decision.resolve).toEqual(['failing']);
    expect(decision.isRecoveryNoticed).toBe(true);
  });

  it('closes silently when the policy does not ask for recovery notices', () => {
    const decision = decideAlerts(
      observe({
        policy: { ...policy, onRecovery: false },
        batchStatuses: ['success'],
        openKinds: new Set(['failing']),
      }),
    );
    expect(decision.resolve).toEqual(['failing']);
    expect(decision.isRecoveryNoticed).toBe(false);
  });

  it('applies the failures-in-last-runs window and keeps the incident open until failures fall below the bar', () => {
    const windowPolicy = { ...policy, afterConsecutiveFailures: null, failuresInLastRuns: { failures: 2, runs: 4 } };
    const opened = decideAlerts(
      observe({
        policy: windowPolicy,
        failureStreak: 1,
        batchStatuses: ['failure'],
        recentStatuses: ['failure', 'success', 'failure', 'success', 'failure'],
      }),
    );
    expect(opened.open).toEqual([{ kind: 'failing', reason: '2 of the last 4 runs failed' }]);
    const stillFailing = decideAlerts(
      observe({
        policy: windowPolicy,
        batchStatuses: ['success'],
        recentStatuses: ['success', 'failure', 'success', 'failure'],
        openKinds: new Set(['failing']),
      }),
    );
    expect(stillFailing.resolve).toEqual([]);
  });

  it('without any failure rule alerts at the first failure', () => {
    const bare = { ...policy, afterConsecutiveFailures: null };
    expect(decideAlerts(observe({ policy: bare, failureStreak: 1, batchStatuses: ['failure'] })).open).toHaveLength(1);
  });

  it('announces auto-pause, AI pause and quota only when the policy asks', () => {
    const autoPaused = observe({
      failureStreak: 15,
      batchStatuses: ['failure'],
      pausedBy: 'system',
      pauseReason: 'auto-paused after 15 consecutive failures',
      openKinds: new Set(['failing']),
    });
    expect(decideAlerts(autoPaused).open.map((entry) => entry.kind)).toEqual(['auto_paused']);
    expect(decideAlerts({ ...autoPaused, policy: { ...policy, onAutoPause: false } }).open).toEqual([]);
    expect(decideAlerts(observe({ pausedBy: 'ai', pauseReason: 'nightly window' })).open.map((e) => e.kind)).toEqual([
      'ai_paused',
    ]);
    expect(decideAlerts(observe({ batchStatuses: ['quota_exceeded'] })).open.map((e) => e.kind)).toEqual([
      'quota_exhausted',
    ]);
    expect(
      decideAlerts(observe({ policy: { ...policy, onQuotaExhausted: false }, batchStatuses: ['quota_exceeded'] })).open,
    ).toEqual([]);
  });

  it('a plan downgrade pause is not an auto-pause', () => {
    const decision = decideAlerts(observe({ pausedBy: 'system', pauseReason: 'paused: your plan allows 5 endpoints' }));
    expect(decision.open).toEqual([]);
  });

  it('closes open incidents even after the policy was removed, without notices', () => {
    const decision = decideAlerts(
      observe({ policy: null, batchStatuses: ['success'], openKinds: new Set(['failing', 'quota_exhausted']) }),
    );
    expect(decision.resolve).toEqual(['failing', 'quota_exhausted']);
    expect(decision.isRecoveryNoticed).toBe(false);
  });
});

describe('alert policies', () => {
  it('fills the flag defaults and drops duplicate channels', () => {
    const result = normaliseAlertPolicy({ channelIds: ['a', 'a', 'b'] });
    expect(result).toEqual({
      ok: true,
      policy: {
        channelIds: ['a', 'b'],
        afterConsecutiveFailures: null,
        failuresInLastRuns: null,
        onRecovery: true,
        onAutoPause: true,
        onQuotaExhausted: true,
        onAiPause: false,
      },
    });
  });

  it('refuses a window with more failures than runs, naming the field', () => {
    const result = normaliseAlertPolicy({ channelIds: [], failuresInLastRuns: { failures: 5, runs: 3 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.path).toEqual(['alerts', 'failuresInLastRuns', 'failures']);
  });

  it("prefers the endpoint's own policy over the job's", () => {
    const job = { channelIds: ['job'] };
    expect(effectiveAlertPolicy(null, job)?.channelIds).toEqual(['job']);
    expect(effectiveAlertPolicy({ channelIds: ['own'] }, job)?.channelIds).toEqual(['own']);
    expect(effectiveAlertPolicy(null, null)).toBeNull();
  });
});
