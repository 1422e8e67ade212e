import { QUEUE, reviewBillingPayload } from '@cronwise/jobs';
import { type BillingServiceDependencies, reviewBilling } from '@cronwise/services';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';

/**
 * The billing review: due when a grace period or a paid period ends (queued by the webhook in
 * the transaction that started it). A thrown error (Stripe unreachable) is retried by pg-boss.
 */
export async function registerBillingHandlers(
  boss: PgBoss,
  deps: BillingServiceDependencies,
  logger: Logger,
): Promise<void> {
  await boss.work(QUEUE.reviewBilling, { pollingIntervalSeconds: 30 }, async ([job]) => {
    if (!job) return;
    const { userId } = reviewBillingPayload.parse(job.data);
    const result = await reviewBilling(deps, userId);
    if (result?.planChange) {
      logger.info({ userId, ...result.planChange, cause: result.decision.cause }, 'billing review changed a plan');
    }
  });
}
