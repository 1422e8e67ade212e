import { bossDatabase, type ExecutionTarget, type SqlExecutor, updateAiSignals } from '@cronwise/db';
import { type PlanEndpointPayload, QUEUE } from '@cronwise/jobs';
import type { JobInsert, PgBoss } from 'pg-boss';
import { analysisJob, analysisReasonAfterRun } from './analysis-triggers';
import { extractBodySignal, signalFingerprint } from './body-signals';

/**
 * Watches a batch's runs for the planner: collects changed body signals and analysis triggers
 * in memory, then writes them with at most two set-based statements in the batch's
 * transaction (none when no AI-enabled endpoint changed).
 */
export class PlannerRunObserver {
  private readonly jobs: JobInsert<PlanEndpointPayload>[] = [];
  private readonly signals: { id: string; signal: string | null }[] = [];

  constructor(private readonly now: Date) {}

  observe(
    target: Pick<
      ExecutionTarget,
      'id' | 'userId' | 'aiMode' | 'lastRunStatus' | 'failureStreak' | 'aiSignal' | 'jobStatus'
    >,
    run: { status: string; streak: number; body: string | null },
  ): void {
    if (target.aiMode === 'off' || target.jobStatus !== 'active') return;
    const signal = signalFingerprint(extractBodySignal(run.body));
    if (signal !== target.aiSignal) this.signals.push({ id: target.id, signal });
    const reason = analysisReasonAfterRun({
      aiMode: target.aiMode,
      previousStatus: target.lastRunStatus,
      status: run.status,
      previousStreak: target.failureStreak,
      streak: run.streak,
      previousSignal: target.aiSignal,
      signal,
    });
    if (reason)
      this.jobs.push(analysisJob({ endpointId: target.id, userId: target.userId }, 'run-change', reason, this.now));
  }

  /** Writes what was observed; returns the number of statements issued. */
  async flush(sql: SqlExecutor, boss: PgBoss): Promise<number> {
    let statements = 0;
    if (this.signals.length > 0) {
      await updateAiSignals(sql, this.signals);
      statements += 1;
    }
    if (this.jobs.length > 0) {
      await boss.insert(QUEUE.planEndpoint, this.jobs, { db: bossDatabase(sql) });
      statements += 1;
    }
    return statements;
  }
}
