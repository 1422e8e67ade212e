/**
 * Reads the health "signals" a target reports in its JSON body: a status word, health and
 * readiness flags, error rates and counts, queue depth. The planner reasons on them, and a
 * change of their fingerprint after a run triggers an analysis.
 */

export type SignalLevel = 'healthy' | 'degraded' | 'down';

export interface BodySignal {
  /** The worst level any status-like field reports; null when the body says nothing about health. */
  level: SignalLevel | null;
  /** A readiness flag (`ready`, `isReady`, `done`...), null when absent. */
  isReady: boolean | null;
  /** The numeric signals found (error rate, error count, queue depth), by normalised name. */
  metrics: Record<string, number>;
}

const HEALTHY_WORDS = new Set([
  'ok',
  'okay',
  'healthy',
  'up',
  'pass',
  'passing',
  'green',
  'operational',
  'good',
  'normal',
]);
const DEGRADED_WORDS = new Set(['degraded', 'warn', 'warning', 'slow', 'partial', 'yellow', 'busy', 'lagging']);
const DOWN_WORDS = new Set(['down', 'fail', 'failed', 'failing', 'error', 'critical', 'unhealthy', 'red', 'outage']);
const STATUS_KEYS = new Set(['status', 'state', 'health', 'healthstatus', 'overall']);
const BOOLEAN_HEALTH_KEYS = new Set(['ok', 'healthy', 'up', 'alive']);
const READY_KEYS = new Set(['ready', 'isready', 'done', 'complete', 'completed', 'available']);
const METRIC_KEYS: Record<string, string> = {
  errorrate: 'errorRate',
  errorratio: 'errorRate',
  errors: 'errorCount',
  errorcount: 'errorCount',
  failures: 'errorCount',
  queuedepth: 'queueDepth',
  queuelength: 'queueDepth',
  backlog: 'queueDepth',
  pending: 'queueDepth',
};
/** Error rates above these are degraded / down (fractions; percentages are normalised). */
const DEGRADED_ERROR_RATE = 0.05;
const DOWN_ERROR_RATE = 0.5;
const MAX_BODY_CHARS_PARSED = 64 * 1024;

const LEVEL_RANK: Record<SignalLevel, number> = { healthy: 0, degraded: 1, down: 2 };

function worse(a: SignalLevel | null, b: SignalLevel | null): SignalLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z]/g, '');
}

function levelOfWord(value: string): SignalLevel | null {
  const word = value.trim().toLowerCase();
  if (HEALTHY_WORDS.has(word)) return 'healthy';
  if (DEGRADED_WORDS.has(word)) return 'degraded';
  if (DOWN_WORDS.has(word)) return 'down';
  return null;
}

export function extractBodySignal(body: string | null | undefined): BodySignal {
  const signal: BodySignal = { level: null, isReady: null, metrics: {} };
  if (!body || body.length > MAX_BODY_CHARS_PARSED) return signal;
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('{')) return signal;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return signal;
  }
  visit(parsed, signal, 0);
  return signal;
}

function visit(value: unknown, signal: BodySignal, depth: number): void {
  if (depth > 2 || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [rawKey, field] of Object.entries(value as Record<string, unknown>)) {
    const key = normaliseKey(rawKey);
    if (STATUS_KEYS.has(key) && typeof field === 'string') {
      signal.level = worse(signal.level, levelOfWord(field));
    } else if (BOOLEAN_HEALTH_KEYS.has(key) && typeof field === 'boolean') {
      signal.level = worse(signal.level, field ? 'healthy' : 'down');
    } else if (READY_KEYS.has(key) && typeof field === 'boolean') {
      signal.isReady = field;
    } else if (METRIC_KEYS[key] && typeof field === 'number' && Number.isFinite(field)) {
      const name = METRIC_KEYS[key] as string;
      signal.metrics[name] = field;
      if (name === 'errorRate') {
        const rate = field > 1 ? field / 100 : field;
        signal.level = worse(
          signal.level,
          rate >= DOWN_ERROR_RATE ? 'down' : rate >= DEGRADED_ERROR_RATE ? 'degraded' : 'healthy',
        );
      }
    } else if (typeof field === 'object') {
      visit(field, signal, depth + 1);
    }
  }
}

/**
 * A short, stable summary of the signals that matter for triggering: level and readiness,
 * not raw numbers (which change on every run). Null when the body carries no signal.
 */
export function signalFingerprint(signal: BodySignal): string | null {
  if (signal.level === null && signal.isReady === null) return null;
  return `${signal.level ?? '-'}|ready=${signal.isReady === null ? '-' : String(signal.isReady)}`;
}
