import type { Queue } from 'pg-boss';

/** Every queue the product uses. Producers and the worker import names from here only. */
export const QUEUE = {
  /** One job per endpoint occurrence, `startAfter` = planned time, keyed by endpoint. */
  executeOccurrence: 'execute-occurrence',
  /** Every minute: the horizon pass (queue occurrences due soon) and repair of missing ones. */
  reconcileOccurrences: 'reconcile-occurrences',
  /** Periodic retention of runs and sessions. */
  pruneHistory: 'prune-history',
  /** AI planner sessions, debounced per endpoint. */
  planEndpoint: 'plan-endpoint',
  /** A second look at a user's billing when a grace period or a paid period ends, keyed by user. */
  reviewBilling: 'review-billing',
  /** Periodic: queues analyses whose nextAnalysisAt has come, and lapses expired proposals. */
  scheduleAnalyses: 'schedule-analyses',
  /** One alert to one notification channel, keyed by the delivery id, retried with backoff. */
  deliverAlert: 'deliver-alert',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/** Seconds a worker may hold an occurrence before pg-boss hands it to another worker. */
export const OCCURRENCE_HEARTBEAT_SECONDS = 10;

/** Attempts after the first for one alert delivery. */
export const ALERT_DELIVERY_RETRY_LIMIT = 20;

/** Triggers wait this long before running, so a flurry of runs yields one analysis. */
export const PLAN_DEBOUNCE_SECONDS = 5;

export const QUEUE_OPTIONS: Record<QueueName, Omit<Queue, 'name'>> = {
  [QUEUE.executeOccurrence]: {
    // At most one queued job per singletonKey (the endpoint id); a running one does not block
    // the next, and upsert by key replaces the queued occurrence on a schedule change.
    policy: 'short',
    // Retries here are redeliveries after a crashed or stalled worker, not HTTP retries.
    retryLimit: 5,
    retryDelay: 1,
    retryBackoff: false,
    expireInSeconds: 15 * 60,
    heartbeatSeconds: OCCURRENCE_HEARTBEAT_SECONDS,
    retentionSeconds: 24 * 60 * 60,
    deleteAfterSeconds: 60 * 60,
  },
  [QUEUE.reconcileOccurrences]: { policy: 'singleton', retryLimit: 1, expireInSeconds: 5 * 60 },
  [QUEUE.pruneHistory]: { policy: 'singleton', retryLimit: 1, expireInSeconds: 30 * 60 },
  // `short`: one queued review per user (singletonKey), moved by upsert when the decision changes.
  // Retries with backoff ride out a Stripe outage.
  [QUEUE.reviewBilling]: {
    policy: 'short',
    retryLimit: 10,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 5 * 60,
  },
  // `stately`: at most one queued and one running analysis per singletonKey (the endpoint id),
  // so a burst of triggers while one waits coalesces into it (the debounce).
  [QUEUE.planEndpoint]: { policy: 'stately', retryLimit: 2, retryDelay: 5, expireInSeconds: 2 * 60 },
  [QUEUE.scheduleAnalyses]: { policy: 'singleton', retryLimit: 1, expireInSeconds: 5 * 60 },
  // A channel that is down gets about a day of retries (1-2 s, then doubling, at most an hour apart: about half a day in all).
  [QUEUE.deliverAlert]: {
    policy: 'standard',
    retryLimit: ALERT_DELIVERY_RETRY_LIMIT,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 60 * 60,
    expireInSeconds: 60,
    deleteAfterSeconds: 7 * 24 * 60 * 60,
  },
};
