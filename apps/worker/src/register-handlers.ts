import { planEndpointPayload, QUEUE } from '@cronwise/jobs';
import {
  type AlertDependencies,
  type BillingServiceDependencies,
  ensureRunPartitionsAhead,
  executeOccurrencesOnTime,
  type PlannerDependencies,
  plannerSessionUsage,
  pruneHistory,
  queueDueOccurrences,
  reconcileOccurrences,
  runPlannerSession,
  scheduleDueAnalyses,
  type WorkerMetrics,
  watchedRunsOf,
} from '@cronwise/services';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { evaluateAlertsAfter, registerAlertHandlers } from './alert-handlers';
import { registerBillingHandlers } from './billing-handlers';
import { traceOccurrenceBatch } from './occurrence-batch-span';

export interface HandlerSettings {
  batchSize: number;
  pollers: number;
  autoPauseAfterFailures: number;
  /** Planner sessions at once on this worker. */
  plannerConcurrency: number;
  /** Counted once per batch or session, outside the engine's hot path. */
  metrics?: WorkerMetrics;
}

/** Wires queues to use cases. Handlers only translate pg-boss jobs and log. */
export async function registerHandlers(
  boss: PgBoss,
  deps: BillingServiceDependencies & PlannerDependencies & AlertDependencies,
  logger: Logger,
  settings: HandlerSettings,
) {
  const totals = { batches: 0, executions: 0, dispatched: 0, statements: 0 };
  // Cumulative counters for operators and benchmarks (queries per execution, throughput).
  const statsTimer = setInterval(() => logger.info({ ...totals }, 'engine stats'), 5_000);
  statsTimer.unref();
  await boss.work(
    QUEUE.executeOccurrence,
    {
      batchSize: settings.batchSize,
      localConcurrency: settings.pollers,
      // pg-boss's shortest poll; the claim lead (500 ms) is sized to cover it.
      pollingIntervalSeconds: 0.5,
      burstWhenBatchFull: true,
      includeMetadata: true,
    },
    async (jobs) => {
      // Claimed up to OCCURRENCE_CLAIM_LEAD_MS early: each occurrence is held and fired at its instant.
      const summary = await traceOccurrenceBatch(jobs.length, () =>
        executeOccurrencesOnTime(
          deps,
          jobs.map((job) => ({ id: job.id, data: job.data, retryCount: job.retryCount })),
          {
            autoPauseAfterFailures: settings.autoPauseAfterFailures,
            onDrop: (dropped) => logger.debug(dropped, 'occurrence dropped'),
          },
        ),
      ).catch((error: unknown) => {
        // pg-boss retries the batch; say why, or failures stay invisible.
        settings.metrics?.recordFailedBatch();
        logger.error({ err: error, occurrences: jobs.length }, 'occurrence batch failed; pg-boss will retry it');
        throw error;
      });
      totals.batches += 1;
      totals.executions += jobs.length;
      totals.dispatched += summary.dispatched;
      totals.statements += summary.statements;
      settings.metrics?.recordBatch({ size: jobs.length, statements: summary.statements, runs: summary.runs });
      logger.debug(
        {
          dispatched: summary.dispatched,
          skipped: summary.skipped,
          quotaExceeded: summary.quotaExceeded,
          dropped: summary.dropped,
          statements: summary.statements,
        },
        'occurrence batch done',
      );
      // Alerts read the batch's recorded runs once it committed (issue 12 §2), outside the engine,
      // for the endpoints alerting watches: a batch of unwatched endpoints costs alerting nothing.
      const watched = watchedRunsOf(summary);
      if (watched.runs.length > 0) await evaluateAlertsAfter(deps, watched, logger);
    },
  );

  await boss.work(QUEUE.reconcileOccurrences, { pollingIntervalSeconds: 5 }, async () => {
    const { queued } = await queueDueOccurrences(deps);
    if (queued > 0) logger.debug({ queued }, 'horizon pass queued occurrences due soon');
    const { repaired } = await reconcileOccurrences(deps);
    if (repaired.length > 0)
      logger.warn({ repaired: repaired.length }, 'reconcile re-planned endpoints with missing occurrences');
  });
  // Every minute: the horizon pass (queues what falls due within OCCURRENCE_HORIZON_MS) and repair.
  // Per-endpoint cadence never uses boss.schedule(); the occurrences carry their exact times.
  await boss.schedule(QUEUE.reconcileOccurrences, '* * * * *');
  // A worker that starts queues the next minutes at once instead of waiting for the schedule.
  await boss.send(QUEUE.reconcileOccurrences, {});

  await boss.work(QUEUE.pruneHistory, { pollingIntervalSeconds: 30 }, async () => {
    logger.info(await pruneHistory(deps), 'retention pass done');
  });
  await boss.schedule(QUEUE.pruneHistory, '17 * * * *');
  // Run partitions for this month and the next two exist from the start, not from the first pass.
  const partitionsCreated = await ensureRunPartitionsAhead(deps);
  if (partitionsCreated.length > 0) logger.info({ partitionsCreated }, 'run partitions created');

  await boss.work(
    QUEUE.planEndpoint,
    // groupConcurrency 1: one running session per tenant across all workers, so a tenant with
    // many endpoints queues behind itself instead of starving everyone else.
    { batchSize: 1, localConcurrency: settings.plannerConcurrency, groupConcurrency: 1, pollingIntervalSeconds: 1 },
    async ([job]) => {
      const parsed = planEndpointPayload.safeParse(job?.data);
      if (!parsed.success) {
        logger.warn({ job: job?.id, issues: parsed.error.issues }, 'planner job with an invalid payload dropped');
        return;
      }
      const result = await runPlannerSession(deps, parsed.data);
      // An auto-mode session may have paused the endpoint: the AI-pause alert.
      await evaluateAlertsAfter(deps, { endpointIds: [parsed.data.endpointId] }, logger);
      if (settings.metrics) settings.metrics.recordAiSession(await plannerSessionUsage(deps, result));
      logger.info(
        {
          endpointId: parsed.data.endpointId,
          trigger: parsed.data.trigger,
          sessionId: result.sessionId,
          outcome: result.outcome,
          skippedBecause: result.skippedBecause,
          proposals: result.proposals.length,
        },
        'planner session done',
      );
    },
  );
  await boss.work(QUEUE.scheduleAnalyses, { pollingIntervalSeconds: 5 }, async () => {
    const { queued, expired } = await scheduleDueAnalyses(deps);
    if (queued > 0 || expired > 0) logger.info({ queued, expired }, 'planner sweep: analyses queued, proposals lapsed');
  });
  await boss.schedule(QUEUE.scheduleAnalyses, '* * * * *');

  await registerBillingHandlers(boss, deps, logger);
  await registerAlertHandlers(boss, deps, logger);
}
