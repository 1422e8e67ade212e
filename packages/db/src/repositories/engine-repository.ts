/**
 * Set-based SQL for the execution engine's hot path. Each function handles a
 * whole batch of occurrences in one statement, so a worker's database cost per
 * execution stays a small fraction of a query.
 */
import { clearHintAssignmentsSql } from '../endpoint-columns';
import type { Prisma } from '../generated/prisma/client';
import { prepared, type SqlExecutor } from '../sql';
import type { Executor } from '../transaction';
import { ROLL_UP_INSERTED_RUNS_SQL } from './run-rollups-repository';
import { uuidv7 } from './uuidv7';

export interface ExecutionTarget {
  id: string;
  jobId: string;
  userId: string;
  name: string;
  url: string;
  method: string;
  headers: unknown;
  body: string | null;
  timeoutMs: number;
  scheduleType: 'interval' | 'cron';
  intervalMs: number | null;
  cron: string | null;
  timezone: string | null;
  minIntervalMs: number | null;
  maxIntervalMs: number | null;
  retryMaxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  successStatusCodes: string;
  overlapPolicy: 'skip' | 'allow';
  catchUpPolicy: 'skip' | 'once';
  isSigned: boolean;
  pausedAt: Date | null;
  pausedUntil: Date | null;
  pauseReason: string | null;
  pausedBy: 'user' | 'ai' | 'system' | null;
  nextRunAt: Date | null;
  lastPlannedAt: Date | null;
  lastRunAt: Date | null;
  /** The governor's minimum-gap anchor: the last scheduled run, never a run-now or a retry. */
  lastScheduledRunAt: Date | null;
  failureStreak: number;
  scheduleVersion: number;
  currentOccurrenceId: string | null;
  inFlightSince: Date | null;
  aiIntervalMs: number | null;
  aiIntervalExpiresAt: Date | null;
  aiIntervalReason: string | null;
  aiOneShotAt: Date | null;
  aiOneShotExpiresAt: Date | null;
  aiOneShotReason: string | null;
  manualIntervalMs: number | null;
  manualRunAt: Date | null;
  manualExpiresAt: Date | null;
  manualReason: string | null;
  tier: 'free' | 'pro' | 'enterprise';
  jobStatus: 'active' | 'paused' | 'archived';
  /**
   * Alerting watches this endpoint: it or its job has an alert policy, or it has an open incident.
   * Batches evaluate alerts only for these, so endpoints nobody watches cost alerting nothing.
   */
  isAlertWatched: boolean;
  /** Planner: whether runs are analysed, and what the last run looked like (trigger detection). */
  aiMode: 'off' | 'suggest' | 'auto';
  lastRunStatus: NewRun['status'] | 'running' | null;
  aiSignal: string | null;
}

type EndpointColumn = keyof typeof Prisma.EndpointScalarFieldEnum;

/**
 * The `endpoints` columns the engine loads, named explicitly and checked against the schema: a
 * name that is not a column of the Prisma model, or an ExecutionTarget field left out, fails the
 * typecheck; `engine-repository.integration.test.ts` checks the same list against the migrated
 * database. Large columns the engine never reads (description, pendingOccurrence) stay on disk.
 */
export const EXECUTION_TARGET_COLUMNS = [
  'id',
  'jobId',
  'userId',
  'name',
  'url',
  'method',
  'headers',
  'body',
  'timeoutMs',
  'scheduleType',
  'intervalMs',
  'cron',
  'timezone',
  'minIntervalMs',
  'maxIntervalMs',
  'retryMaxAttempts',
  'retryBaseDelayMs',
  'retryMaxDelayMs',
  'successStatusCodes',
  'overlapPolicy',
  'catchUpPolicy',
  'isSigned',
  'pausedAt',
  'pausedUntil',
  'pauseReason',
  'pausedBy',
  'nextRunAt',
  'lastPlannedAt',
  'lastRunAt',
  'lastScheduledRunAt',
  'failureStreak',
  'scheduleVersion',
  'currentOccurrenceId',
  'inFlightSince',
  'aiIntervalMs',
  'aiIntervalExpiresAt',
  'aiIntervalReason',
  'aiOneShotAt',
  'aiOneShotExpiresAt',
  'aiOneShotReason',
  'manualIntervalMs',
  'manualRunAt',
  'manualExpiresAt',
  'manualReason',
  'aiMode',
  'lastRunStatus',
  'aiSignal',
] as const satisfies readonly (keyof ExecutionTarget & EndpointColumn)[];

/** Fields of ExecutionTarget that come from the joins, not from `endpoints`. */
type JoinedField = 'tier' | 'jobStatus' | 'isAlertWatched';
type Expect<Condition extends true> = Condition;
/** Compile-time: every other ExecutionTarget field is a selected column (fails to typecheck otherwise). */
export type ExecutionTargetColumnsComplete = Expect<
  [Exclude<keyof ExecutionTarget, (typeof EXECUTION_TARGET_COLUMNS)[number] | JoinedField>] extends [never]
    ? true
    : false
>;

const EXECUTION_TARGET_SELECT = EXECUTION_TARGET_COLUMNS.map((column) => `e."${column}"`).join(', ');

/** Endpoints of a batch with their owner's tier and their job's status: one query. */
export async function loadExecutionTargets(sql: SqlExecutor, endpointIds: string[]): Promise<ExecutionTarget[]> {
  if (endpointIds.length === 0) return [];
  const { rows } = await sql.query<ExecutionTarget>(
    prepared(
      'engine_load_execution_targets',
      `SELECT ${EXECUTION_TARGET_SELECT}, u.tier::text AS tier, j.status::text AS "jobStatus",
              (e."alertPolicy" IS NOT NULL OR j."alertPolicy" IS NOT NULL
               OR EXISTS (SELECT 1 FROM alerts a WHERE a."endpointId" = e.id AND a."openKey" IS NOT NULL)) AS "isAlertWatched"
       FROM endpoints e
       JOIN users u ON u.id = e."userId"
       JOIN jobs j ON j.id = e."jobId"
      WHERE e.id = ANY($1::uuid[])`,
    ),
    [endpointIds],
  );
  return rows;
}

/**
 * Adds runs to each user's monthly ledger row atomically and returns the new
 * totals, so concurrent workers can never both spend the last unit of quota.
 */
export async function incrementRunUsage(
  sql: SqlExecutor,
  entries: { userId: string; month: string; runs: number }[],
): Promise<Map<string, number>> {
  if (entries.length === 0) return new Map();
  // Concurrent batches touch the same owners' rows: locking them in one global order
  // (user, month) is what keeps two batches from deadlocking on each other.
  const ordered = [...entries].sort((a, b) =>
    a.userId === b.userId ? a.month.localeCompare(b.month) : a.userId.localeCompare(b.userId),
  );
  const { rows } = await sql.query<{ userId: string; month: string; runs: number }>(
    prepared(
      'engine_increment_run_usage',
      `INSERT INTO usage_ledger ("userId", month, runs, "aiTokens", "updatedAt")
     SELECT t.user_id, t.month, t.runs, 0, now()
       FROM unnest($1::uuid[], $2::text[], $3::int[]) WITH ORDINALITY AS t(user_id, month, runs, position)
      ORDER BY t.position
     ON CONFLICT ("userId", month) DO UPDATE
       SET runs = usage_ledger.runs + EXCLUDED.runs, "updatedAt" = now()
     RETURNING "userId", month, runs`,
    ),
    [ordered.map((entry) => entry.userId), ordered.map((entry) => entry.month), ordered.map((entry) => entry.runs)],
  );
  return new Map(rows.map((row) => [`${row.userId}|${row.month}`, row.runs]));
}

/** Gives back runs that were counted but not dispatched (quota exceeded). */
export async function refundRunUsage(sql: SqlExecutor, userId: string, month: string, runs: number): Promise<void> {
  await sql.query(
    `UPDATE usage_ledger SET runs = GREATEST(runs - $3, 0), "updatedAt" = now() WHERE "userId" = $1 AND month = $2`,
    [userId, month, runs],
  );
}

export interface NewRun {
  endpointId: string;
  jobId: string;
  userId: string;
  occurrenceId: string;
  attempt: number;
  plannedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  status: 'success' | 'failure' | 'timeout' | 'skipped' | 'quota_exceeded' | 'canceled';
  statusCode: number | null;
  durationMs: number | null;
  latenessMs: number | null;
  source: string;
  explanation: string;
  responseBody: string | null;
  responseTruncated: boolean;
  responseContentType: string | null;
  responseSizeBytes: number | null;
  responseHeaders: Record<string, string> | null;
  requestSnapshot: unknown;
  error: string | null;
}

/**
 * Inserts a batch of runs; a run whose (occurrenceId, attempt) is already
 * recorded is left alone. Returns the keys that were inserted. The same
 * statement folds the inserted runs into the health rollups (one set-based
 * upsert, see run-rollups-repository), so they commit or roll back together.
 * The partition key occurrenceAt is computed from the id (runs_occurrence_at), so the conflict
 * target (occurrenceId, attempt, occurrenceAt) catches exactly the (occurrenceId, attempt) repeats.
 */
export async function insertRuns(sql: SqlExecutor, runs: NewRun[]): Promise<Set<string>> {
  if (runs.length === 0) return new Set();
  const records = runs.map((run) => ({
    ...run,
    id: uuidv7(run.finishedAt?.getTime() ?? run.plannedAt.getTime()),
    plannedAt: run.plannedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  }));
  const { rows } = await sql.query<{ occurrenceId: string; attempt: number }>(
    prepared(
      'engine_insert_runs',
      `WITH rollup_inserted AS (
     INSERT INTO runs (id, "endpointId", "jobId", "userId", "occurrenceId", attempt, "occurrenceAt", "plannedAt",
                       "startedAt", "finishedAt", status, "statusCode", "durationMs", "latenessMs", source, explanation,
                       "responseBody", "responseTruncated", "responseContentType", "responseSizeBytes",
                       "responseHeaders", "requestSnapshot", error)
     SELECT r.id, r."endpointId", r."jobId", r."userId", r."occurrenceId", r.attempt,
            runs_occurrence_at(r."occurrenceId"), r."plannedAt", r."startedAt",
            r."finishedAt", r.status::"RunStatus", r."statusCode", r."durationMs", r."latenessMs", r.source,
            r.explanation, r."responseBody", r."responseTruncated", r."responseContentType", r."responseSizeBytes",
            r."responseHeaders", r."requestSnapshot", r.error
       FROM jsonb_to_recordset($1::jsonb) AS r(
            id uuid, "endpointId" uuid, "jobId" uuid, "userId" uuid, "occurrenceId" text, attempt int,
            "plannedAt" timestamptz, "startedAt" timestamptz, "finishedAt" timestamptz, status text,
            "statusCode" int, "durationMs" int, "latenessMs" int, source text, explanation text,
            "responseBody" text, "responseTruncated" boolean, "responseContentType" text, "responseSizeBytes" int,
            "responseHeaders" jsonb, "requestSnapshot" jsonb, error text)
     ON CONFLICT ("occurrenceId", attempt, "occurrenceAt") DO NOTHING
     RETURNING "endpointId", "jobId", "userId", "occurrenceId", attempt, "plannedAt", status::text AS status,
               "durationMs", "latenessMs"
     ),${ROLL_UP_INSERTED_RUNS_SQL}
     SELECT "occurrenceId", attempt FROM rollup_inserted`,
    ),
    [JSON.stringify(records)],
  );
  return new Set(rows.map((row) => `${row.occurrenceId}#${row.attempt}`));
}

/** Marks endpoints as having a run in flight (overlap policy), in one statement. */
export async function markInFlight(sql: SqlExecutor, endpointIds: string[], at: Date): Promise<void> {
  if (endpointIds.length === 0) return;
  await sql.query(
    prepared(
      'engine_mark_in_flight',
      `UPDATE endpoints SET "inFlightSince" = $2::timestamptz WHERE id = ANY($1::uuid[])`,
    ),
    [endpointIds, at.toISOString()],
  );
}

export interface EndpointStateUpdate {
  id: string;
  /** Only applied while the endpoint still carries this occurrence (a concurrent edit wins). */
  expectedOccurrenceId: string | null;
  lastPlannedAt: Date | null;
  /** The scheduled occurrence's planned time: stored as lastRunAt and lastScheduledRunAt. */
  lastRunAt: Date | null;
  lastRunStatus: NewRun['status'] | null;
  failureStreak: number;
  nextRunAt: Date | null;
  nextRunSource: string | null;
  nextRunExplanation: string | null;
  currentOccurrenceId: string | null;
  /** The next occurrence's payload when it is beyond the queue horizon (queued later), else null. */
  pendingOccurrence: object | null;
  clearAiInterval: boolean;
  clearAiOneShot: boolean;
  clearManual: boolean;
  /** Clears only a manual one-off time, keeping a manual cadence. */
  clearManualRunAt: boolean;
  clearPause: boolean;
  /** Set a system pause (auto-pause after repeated failures). */
  pauseReason: string | null;
  pausedAt: Date | null;
}

/** The hint columns each update clears (see endpoint-columns: the one list of hint columns). */
const CLEAR_HINTS_SQL = [
  ...clearHintAssignmentsSql('ai-interval', 'u."clearAiInterval"'),
  ...clearHintAssignmentsSql('ai-oneshot', 'u."clearAiOneShot"'),
  ...clearHintAssignmentsSql('manual', 'u."clearManual"', ['manualRunAt']),
  // A consumed manual one-off clears its time only, keeping a manual cadence.
  '"manualRunAt" = CASE WHEN u."clearManual" OR u."clearManualRunAt" THEN NULL ELSE e."manualRunAt" END',
].join(',\n        ');

/**
 * Writes the engine's view of each endpoint after a batch, in one statement.
 * Returns the ids actually updated: an endpoint edited meanwhile (its current
 * occurrence changed) keeps the edit.
 */
export async function applyEndpointStates(sql: SqlExecutor, updates: EndpointStateUpdate[]): Promise<Set<string>> {
  if (updates.length === 0) return new Set();
  // Rows are locked in id order in every batch, so two batches never wait on each other in a cycle.
  const records = [...updates]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((update) => ({
      ...update,
      lastPlannedAt: update.lastPlannedAt?.toISOString() ?? null,
      lastRunAt: update.lastRunAt?.toISOString() ?? null,
      nextRunAt: update.nextRunAt?.toISOString() ?? null,
      pausedAt: update.pausedAt?.toISOString() ?? null,
    }));
  const { rows } = await sql.query<{ id: string }>(
    prepared(
      'engine_apply_endpoint_states',
      `UPDATE endpoints e SET
        "lastPlannedAt" = COALESCE(u."lastPlannedAt", e."lastPlannedAt"),
        "lastRunAt" = COALESCE(u."lastRunAt", e."lastRunAt"),
        "lastScheduledRunAt" = COALESCE(u."lastRunAt", e."lastScheduledRunAt"),
        "lastRunStatus" = COALESCE(u."lastRunStatus"::"RunStatus", e."lastRunStatus"),
        "failureStreak" = u."failureStreak",
        "nextRunAt" = u."nextRunAt",
        "nextRunSource" = u."nextRunSource",
        "nextRunExplanation" = u."nextRunExplanation",
        "currentOccurrenceId" = u."currentOccurrenceId",
        "pendingOccurrence" = u."pendingOccurrence",
        "inFlightSince" = NULL,
        ${CLEAR_HINTS_SQL},
        "pausedAt" = CASE WHEN u."pauseReason" IS NOT NULL THEN u."pausedAt"
                          WHEN u."clearPause" THEN NULL ELSE e."pausedAt" END,
        "pausedUntil" = CASE WHEN u."pauseReason" IS NOT NULL OR u."clearPause" THEN NULL ELSE e."pausedUntil" END,
        "pauseReason" = CASE WHEN u."pauseReason" IS NOT NULL THEN u."pauseReason"
                             WHEN u."clearPause" THEN NULL ELSE e."pauseReason" END,
        "pausedBy" = CASE WHEN u."pauseReason" IS NOT NULL THEN 'system'::"PausedBy"
                          WHEN u."clearPause" THEN NULL ELSE e."pausedBy" END,
        "pausedByUserId" = CASE WHEN u."pauseReason" IS NOT NULL OR u."clearPause" THEN NULL ELSE e."pausedByUserId" END
       FROM jsonb_to_recordset($1::jsonb) AS u(
            id uuid, "expectedOccurrenceId" text, "lastPlannedAt" timestamptz, "lastRunAt" timestamptz,
            "lastRunStatus" text, "failureStreak" int, "nextRunAt" timestamptz, "nextRunSource" text,
            "nextRunExplanation" text, "currentOccurrenceId" text, "pendingOccurrence" jsonb, "clearAiInterval" boolean,
            "clearAiOneShot" boolean, "clearManual" boolean, "clearManualRunAt" boolean, "clearPause" boolean, "pauseReason" text,
            "pausedAt" timestamptz)
      WHERE e.id = u.id AND e."currentOccurrenceId" IS NOT DISTINCT FROM u."expectedOccurrenceId"
      RETURNING e.id`,
    ),
    [JSON.stringify(records)],
  );
  return new Set(rows.map((row) => row.id));
}

/** Records failure streaks for one-off runs (run-now, retries) without touching the schedule. */
export async function updateFailureStreaks(
  sql: SqlExecutor,
  updates: { id: string; failureStreak: number; lastRunStatus: string; lastRunAt: Date }[],
): Promise<void> {
  if (updates.length === 0) return;
  await sql.query(
    `UPDATE endpoints e SET "failureStreak" = u.streak, "lastRunStatus" = u.status::"RunStatus",
            "lastRunAt" = GREATEST(e."lastRunAt", u.at), "inFlightSince" = NULL
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[]) AS u(id, streak, status, at)
      WHERE e.id = u.id`,
    [
      updates.map((update) => update.id),
      updates.map((update) => update.failureStreak),
      updates.map((update) => update.lastRunStatus),
      updates.map((update) => update.lastRunAt.toISOString()),
    ],
  );
}

/**
 * Endpoints that should have run by `dueBefore` but have no live occurrence in
 * pg-boss: lost jobs, restores, outages. A job counts as live while it waits,
 * waits for a retry, or runs with a fresh heartbeat; an "active" job whose
 * worker stopped heartbeating (a crash during a database outage can leave one
 * behind) does not. An in-flight marker older than the endpoint's timeout plus
 * `inFlightGraceMs` is treated as abandoned. Uses the endpoints(nextRunAt) index
 * and pg-boss's per-key lookup.
 */
export async function findEndpointsMissingOccurrence(
  sql: SqlExecutor,
  options: {
    /** pg-boss's schema (BOSS_SCHEMA in @cronwise/jobs). */
    schema: string;
    queue: string;
    dueBefore: Date;
    now: Date;
    inFlightGraceMs: number;
    heartbeatStaleMs: number;
    limit: number;
  },
): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT e.id FROM endpoints e
       JOIN jobs j ON j.id = e."jobId" AND j.status = 'active'
      WHERE ((e."nextRunAt" < $2::timestamptz)
             OR (e."nextRunAt" IS NULL AND e."pausedAt" IS NULL AND e."currentOccurrenceId" IS NULL))
        AND (e."inFlightSince" IS NULL
             OR e."inFlightSince" < $3::timestamptz - (e."timeoutMs" + $4::int) * interval '1 millisecond')
        AND NOT EXISTS (
              SELECT 1 FROM ${options.schema}.job q
               WHERE q.name = $1 AND q.singleton_key = e.id::text
                 AND (q.state IN ('created', 'retry')
                      OR (q.state = 'active'
                          AND COALESCE(q.heartbeat_on, q.started_on) > $3::timestamptz - $5::int * interval '1 millisecond')))
      ORDER BY e."nextRunAt" NULLS FIRST
      LIMIT $6`,
    [
      options.queue,
      options.dueBefore.toISOString(),
      options.now.toISOString(),
      options.inFlightGraceMs,
      options.heartbeatStaleMs,
      options.limit,
    ],
  );
  return rows.map((row) => row.id);
}

/**
 * The horizon pass: takes the occurrences waiting on endpoint rows that fall due before
 * `dueBefore` (and not before `notBefore`: older ones are reconcile's, which applies the catch-up
 * policy), clears them from the rows and returns their payloads, in the caller's transaction.
 * Reads the endpoints(nextRunAt) index over the horizon only, so its cost follows due work, not
 * the number of registered endpoints. Rows being edited are skipped (the edit plans anew).
 */
export async function takePendingOccurrences(
  sql: SqlExecutor,
  options: { notBefore: Date; dueBefore: Date; limit: number },
): Promise<Array<{ endpointId: string; payload: Record<string, unknown> }>> {
  const { rows } = await sql.query<{ endpointId: string; payload: Record<string, unknown> }>(
    `WITH due AS (
       SELECT id, "pendingOccurrence" AS payload FROM endpoints
        WHERE "nextRunAt" >= $1::timestamptz AND "nextRunAt" < $2::timestamptz
          AND "pendingOccurrence" IS NOT NULL
        ORDER BY "nextRunAt"
        LIMIT $3
        FOR UPDATE SKIP LOCKED),
     taken AS (
       UPDATE endpoints e SET "pendingOccurrence" = NULL FROM due WHERE e.id = due.id RETURNING e.id)
     SELECT due.id::text AS "endpointId", due.payload FROM due JOIN taken ON taken.id = due.id`,
    [options.notBefore.toISOString(), options.dueBefore.toISOString(), options.limit],
  );
  return rows;
}

/**
 * Removes the waiting (not yet fetched) occurrences of these endpoints from the queue: they were
 * replaced while their endpoint's next occurrence waited beyond the horizon, and would otherwise
 * block the replacement (one queued occurrence per endpoint) until they fired as stale.
 */
export async function deleteWaitingOccurrences(
  sql: SqlExecutor,
  options: { schema: string; queue: string; endpointIds: string[] },
): Promise<number> {
  if (options.endpointIds.length === 0) return 0;
  const { rowCount } = await sql.query(
    `DELETE FROM ${options.schema}.job WHERE name = $1 AND singleton_key = ANY($2::text[]) AND state = 'created'`,
    [options.queue, options.endpointIds],
  );
  return rowCount ?? 0;
}

/** `deleteWaitingOccurrences` for one endpoint inside a Prisma transaction (schedule edits). */
export async function deleteWaitingOccurrence(
  db: Executor,
  options: { schema: string; queue: string; endpointId: string },
): Promise<void> {
  await db.$executeRawUnsafe(
    `DELETE FROM ${options.schema}.job WHERE name = $1 AND singleton_key = $2 AND state = 'created'`,
    options.queue,
    options.endpointId,
  );
}
