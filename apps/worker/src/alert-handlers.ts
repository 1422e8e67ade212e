import { deliverAlertPayload, QUEUE } from '@cronwise/jobs';
import { type AlertBatch, type AlertDependencies, deliverAlert, evaluateAlerts } from '@cronwise/services';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';

/** Deliveries sent at once by this worker; each waits at most ALERT_WEBHOOK_TIMEOUT_MS. */
const ALERT_DELIVERY_CONCURRENCY = 4;

/** One delivery per job: a failure throws, and pg-boss retries that delivery alone with backoff. */
export async function registerAlertHandlers(boss: PgBoss, deps: AlertDependencies, logger: Logger): Promise<void> {
  await boss.work(
    QUEUE.deliverAlert,
    { batchSize: 1, localConcurrency: ALERT_DELIVERY_CONCURRENCY, pollingIntervalSeconds: 1, includeMetadata: true },
    async ([job]) => {
      if (!job) return;
      const parsed = deliverAlertPayload.safeParse(job.data);
      if (!parsed.success) {
        logger.warn({ job: job.id, issues: parsed.error.issues }, 'alert delivery with an invalid payload dropped');
        return;
      }
      const isLastAttempt = job.retryCount >= job.retryLimit;
      try {
        const outcome = await deliverAlert(deps, parsed.data.deliveryId, { isLastAttempt });
        logger.info({ deliveryId: parsed.data.deliveryId, outcome }, 'alert delivery done');
      } catch (error) {
        logger.warn(
          { err: error, deliveryId: parsed.data.deliveryId, attempt: job.retryCount + 1, isLastAttempt },
          isLastAttempt ? 'alert delivery failed for the last time' : 'alert delivery failed; pg-boss retries it',
        );
        throw error;
      }
    },
  );
}

/**
 * Alert evaluation after a batch (or a planner session) committed. Its failure is logged and
 * never fails the batch: the runs are recorded, and the next batch of the endpoint evaluates again.
 */
export async function evaluateAlertsAfter(
  deps: AlertDependencies,
  batch: AlertBatch | { endpointIds: string[] },
  logger: Logger,
): Promise<void> {
  try {
    const evaluation = await evaluateAlerts(deps, batch);
    if (evaluation.opened.length > 0 || evaluation.resolved.length > 0) {
      logger.info(
        { opened: evaluation.opened, resolved: evaluation.resolved, deliveries: evaluation.deliveries },
        'alerts evaluated',
      );
    }
  } catch (error) {
    logger.error({ err: error }, 'alert evaluation failed; the next batch of these endpoints evaluates again');
  }
}
