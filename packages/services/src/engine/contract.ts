/**
 * The collaborators every engine use case receives.
 */
import type { Database, SqlPool } from '@cronwise/db';
import type { Tier, TierLimits } from '@cronwise/domain';
import type { PgBoss } from 'pg-boss';
import type { Clock } from '../clock';
import type { EncryptionSecrets } from '../secrets/secret-box';
import type { Dispatcher } from './dispatcher';
import type { SigningKeyCache } from './signing-keys';

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
  /** The longest failure backoff (MAX_FAILURE_BACKOFF_MS); the domain's 24 h default when absent. */
  maxBackoffMs?: number;
  /** Key that encrypts signing secrets at rest (32+ chars). */
  encryptionSecret: EncryptionSecrets;
  /** The signing key rings the engine signs with, cached per engine. */
  signingKeys: SigningKeyCache;
}
