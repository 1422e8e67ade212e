import { countInstallation } from '@cronwise/db';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { getQueueStats, type QueueStats } from '../admin/get-queue-stats';
import type { EngineDependencies } from '../engine/contract';

const HTTP_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Snapshot {
  queues: QueueStats[];
  users: number;
  activeEndpoints: number;
  pausedEndpoints: number;
}

/** What the server reports on /metrics: its HTTP traffic plus installation-wide queue and account state. */
export function createServerMetrics(
  deps: Pick<EngineDependencies, 'sql' | 'clock'>,
  options: { collectProcessMetrics?: boolean } = {},
) {
  const registry = new Registry();
  if (options.collectProcessMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'cronwise_' });

  // Several gauges read the same snapshot during one scrape; one query pair serves them all, and
  // `scrape()` starts each scrape with a fresh one.
  let cached: Promise<Snapshot> | null = null;
  const snapshot = (): Promise<Snapshot> => {
    cached ??= Promise.all([getQueueStats(deps), countInstallation(deps.sql)]).then(([queues, counts]) => ({
      queues,
      ...counts,
    }));
    return cached;
  };

  const httpDuration = new Histogram({
    name: 'cronwise_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: HTTP_DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  new Gauge({
    name: 'cronwise_queue_jobs',
    help: 'pg-boss jobs per queue and state (queued = due now, deferred = due later, active, failed)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of (await snapshot()).queues) {
        for (const state of ['queued', 'deferred', 'active', 'failed'] as const) {
          this.set({ queue: queue.queue, state }, queue[state]);
        }
      }
    },
  });
  new Gauge({
    name: 'cronwise_queue_oldest_due_lag_seconds',
    help: 'How long the oldest due job of each queue has waited (0 when nothing is due)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of (await snapshot()).queues) {
        this.set({ queue: queue.queue }, (queue.oldestDueLagMs ?? 0) / 1000);
      }
    },
  });
  new Gauge({
    name: 'cronwise_users',
    help: 'Registered users',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).users);
    },
  });
  new Gauge({
    name: 'cronwise_endpoints',
    help: 'Endpoints by state (active, paused)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { activeEndpoints, pausedEndpoints } = await snapshot();
      this.set({ state: 'active' }, activeEndpoints);
      this.set({ state: 'paused' }, pausedEndpoints);
    },
  });

  return {
    registry,
    /** The exposition text, read from a snapshot taken for this scrape alone. */
    async scrape(): Promise<string> {
      cached = null;
      try {
        return await registry.metrics();
      } finally {
        cached = null;
      }
    },
    observeHttpRequest(request: { method: string; route: string; statusCode: number; durationSeconds: number }): void {
      httpDuration.observe(
        { method: request.method, route: request.route, status_code: String(request.statusCode) },
        request.durationSeconds,
      );
    },
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
