/**
 * The engine's public use cases, called by the API (issue 5) and the CLI.
 * Implemented in this folder by the engine; signatures here are the contract.
 */
import type { Database, EndpointRecord, RunRecord, SqlPool, Transaction } from '@cronwise/db';
import type { Tier, TierLimits } from '@cronwise/domain';
import type { PgBoss } from 'pg-boss';
import type { Clock } from '../clock';
import type { Dispatcher } from './dispatcher';

/**
 * Build with `createEngineDependencies` (engine/index.ts), which also opens the
 * SQL pool and the outbound HTTP dispatcher; close with `closeEngineDependencies`.
 */
export interface EngineDependencies {
  db: Database;
  /** Plain pg pool for the engine's set-based batch statements. */
  sql: SqlPool;
  dispatcher: Dispatcher;
  boss: PgBoss;
  clock: Clock;
  tierLimits: Record<Tier, TierLimits>;
  /** Parsed TARGET_ALLOWLIST text, e.g. "127.0.0.0/8,internal.example.com". */
  targetAllowlist: string;
  /** Key that encrypts signing secrets at rest (32+ chars). */
  encryptionSecret: string;
}

export type ScheduleChangeReason =
  | 'created'
  | 'edited'
  | 'paused'
  | 'resumed'
  | 'hint-changed'
  | 'job-paused'
  | 'job-resumed'
  | 'job-archived'
  | 'failures-reset'
  | 'reconciled';

export interface RescheduleEndpoint {
  /**
   * Call inside the transaction that changed the endpoint (or its job): bumps the
   * schedule version, plans the next run with the governor, writes nextRunAt /
   * nextRunSource / nextRunExplanation, and replaces the queued occurrence, all
   * in `tx`. Returns the updated endpoint.
   */
  (
    deps: EngineDependencies,
    tx: Transaction,
    endpointId: string,
    reason: ScheduleChangeReason,
  ): Promise<EndpointRecord>;
}

export interface RunEndpointNow {
  /** One extra immediate occurrence (source run-now), audited; the schedule is untouched. */
  (
    deps: EngineDependencies,
    input: { userId: string; endpointId: string },
  ): Promise<{ occurrenceId: string; plannedAt: Date }>;
}

export interface TestEndpoint {
  /** Synchronous dispatch, recorded as a run with source `test`. */
  (deps: EngineDependencies, input: { userId: string; endpointId: string }): Promise<RunRecord>;
}
