import { describe, expect, it } from 'vitest';
import { extractBodySignal, signalFingerprint } from './body-signals';

describe('body signals', () => {
  it('reads status words, health flags, readiness and error rates, nested one level down', () => {
    expect(extractBodySignal('{"status":"degraded"}').level).toBe('degraded');
    expect(extractBodySignal('{"healthy":false}').level).toBe('down');
    expect(extractBodySignal('{"checks":{"db":{"status":"ok"}},"error_rate":0.2}').level).toBe('degraded');
    expect(extractBodySignal('{"errorRate":75}').level).toBe('down');
    expect(extractBodySignal('{"ready":true,"queue_depth":12}')).toEqual({
      level: null,
      isReady: true,
      metrics: { queueDepth: 12 },
    });
  });

  it('ignores bodies that are not JSON objects', () => {
    expect(extractBodySignal('<html>ok</html>')).toEqual({ level: null, isReady: null, metrics: {} });
    expect(extractBodySignal('{broken')).toEqual({ level: null, isReady: null, metrics: {} });
    expect(extractBodySignal(null).level).toBeNull();
  });

  it('fingerprints level and readiness only, so changing counters do not trigger analyses', () => {
    const first = signalFingerprint(extractBodySignal('{"status":"ok","queue_depth":3}'));
    const second = signalFingerprint(extractBodySignal('{"status":"ok","queue_depth":9}'));
    expect(first).toBe(second);
    expect(signalFingerprint(extractBodySignal('{"status":"degraded"}'))).not.toBe(first);
    expect(signalFingerprint(extractBodySignal('{"count":3}'))).toBeNull();
  });
});
