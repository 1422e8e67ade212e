import { createSqlPool, type Database } from '@cronwise/db';
import { parseAllowlist, type Tier, type TierLimits } from '@cronwise/domain';
import type { PgBoss } from 'pg-boss';
import type { Clock } from '../clock';
import type { EncryptionSecrets } from '../secrets/secret-box';
import type { EngineDependencies } from './contract';
import { Dispatcher } from './dispatcher';
import { SigningKeyCache } from './signing-keys';

export * from './contract';
export { CRONWISE_VERSION, Dispatcher, type DispatchResult, USER_AGENT } from './dispatcher';
export { planEndpoint } from './endpoint-plan';
export {
  DEFAULT_AUTO_PAUSE_AFTER_FAILURES,
  type ExecutionOptions,
  type ExecutionSummary,
  executeOccurrences,
  type OccurrenceJob,
} from './execute-occurrences';
export { CLASSIFY_AHEAD_MS, executeOccurrencesOnTime } from './fire-on-time';
export { isWithinHorizon, OCCURRENCE_HORIZON_MS } from './occurrences';
export { queueDueOccurrences } from './queue-due-occurrences';
export { RECONCILE_GRACE_MS, reconcileOccurrences } from './reconcile-occurrences';
export { rescheduleEndpoint } from './reschedule-endpoint';
export { RUN_NOW_PER_MINUTE, runEndpointNow } from './run-endpoint-now';
export { testEndpoint } from './test-endpoint';

export interface EngineSettings {
  databaseUrl: string;
  db: Database;
  boss: PgBoss;
  clock: Clock;
  tierLimits: Record<Tier, TierLimits>;
  targetAllowlist: string;
  encryptionSecret: EncryptionSecrets;
  sqlPoolSize?: number;
  /** The longest failure backoff; the domain's 24 h default when absent. */
  maxBackoffMs?: number;
}

/** Builds the engine's collaborators (SQL pool, dispatcher); close them with `closeEngineDependencies`. */
export function createEngineDependencies(settings: EngineSettings): EngineDependencies {
  const sql = createSqlPool({
    url: settings.databaseUrl,
    poolSize: settings.sqlPoolSize ?? 10,
    applicationName: 'cronwise-engine',
  });
  return {
    db: settings.db,
    boss: settings.boss,
    clock: settings.clock,
    tierLimits: settings.tierLimits,
    targetAllowlist: settings.targetAllowlist,
    encryptionSecret: settings.encryptionSecret,
    ...(settings.maxBackoffMs !== undefined ? { maxBackoffMs: settings.maxBackoffMs } : {}),
    sql,
    signingKeys: new SigningKeyCache(sql, settings.encryptionSecret),
    dispatcher: new Dispatcher(parseAllowlist(settings.targetAllowlist)),
  };
}

export async function closeEngineDependencies(deps: EngineDependencies): Promise<void> {
  await deps.dispatcher.close();
  await deps.sql.end();
}
