/**
 * @cronwise/services: use cases with injected dependencies and an explicit actor. The API, the
 * CLI and the worker call these; none of them reaches the database except through here.
 */

export type {
  AiMode,
  ApiKeyRecord,
  CatchUpPolicy,
  EndpointRecord,
  JobRecord,
  JobStatus,
  OverlapPolicy,
  Role,
  RunRecord,
  RunStatus,
  RunSummary,
  Tier,
  UserRecord,
} from '@cronwise/db';
export { hintsFromColumns, scheduleFromColumns } from '@cronwise/db';
export * from './actor';
export * from './admin/create-user-account';
export * from './admin/explain-occurrences';
export * from './admin/get-queue-stats';
export * from './admin/issue-api-key';
export * from './admin/list-user-accounts';
export * from './admin/operator';
export * from './admin/redrive-failed-jobs';
export * from './admin/revoke-api-key-by-id';
export * from './admin/set-user-tier';
export * from './alerts';
export * from './api-keys/authenticate-api-key';
export * from './api-keys/create-api-key';
export * from './api-keys/list-api-keys';
export * from './api-keys/revoke-api-key';
export * from './audit/record-audit-entry';
export * from './auth/account-tokens';
export * from './auth/change-password';
export * from './auth/log-in';
export * from './auth/log-out';
export * from './auth/oauth/complete-oauth-sign-in';
export * from './auth/oauth/oauth-providers';
export * from './auth/oauth/start-oauth-sign-in';
export * from './auth/password';
export * from './auth/reset-password';
export * from './auth/sessions';
export * from './auth/sign-up';
export * from './auth/throttle-anonymous';
export * from './auth/verify-email';
export * from './billing';
export * from './clock';
export * from './crypto/tokens';
export * from './dependencies';
export * from './endpoints/clear-endpoint-ai-hints';
export * from './endpoints/create-endpoint';
export * from './endpoints/delete-endpoint';
export * from './endpoints/dispatch-endpoint-test';
export * from './endpoints/endpoint-headers';
export * from './endpoints/endpoint-settings';
export * from './endpoints/get-endpoint';
export * from './endpoints/list-endpoints';
export * from './endpoints/pause-endpoint';
export * from './endpoints/reset-endpoint-failures';
export * from './endpoints/resume-endpoint';
export * from './endpoints/set-endpoint-override';
export * from './endpoints/success-status-codes';
export * from './endpoints/trigger-endpoint-run';
export * from './endpoints/update-endpoint';
// The engine, explicitly: its run-now and test use cases are reached through the rate-limited
// triggerEndpointRun and dispatchEndpointTest (endpoints/), never directly (tests: ./testing).
export {
  CLASSIFY_AHEAD_MS,
  CRONWISE_VERSION,
  closeEngineDependencies,
  createEngineDependencies,
  DEFAULT_AUTO_PAUSE_AFTER_FAILURES,
  Dispatcher,
  type DispatchResult,
  type EngineDependencies,
  type EngineSettings,
  type ExecutionOptions,
  type ExecutionSummary,
  executeOccurrences,
  executeOccurrencesOnTime,
  isWithinHorizon,
  OCCURRENCE_HORIZON_MS,
  type OccurrenceJob,
  planEndpoint,
  queueDueOccurrences,
  RECONCILE_GRACE_MS,
  RUN_NOW_PER_MINUTE,
  reconcileOccurrences,
  rescheduleEndpoint,
  USER_AGENT,
} from './engine';
export * from './health/get-endpoint-health';
export * from './health/get-job-health';
export * from './health/get-overview';
export * from './health/summarise-health';
export * from './jobs/change-job-status';
export * from './jobs/create-job';
export * from './jobs/delete-job';
export * from './jobs/get-job';
export * from './jobs/list-jobs';
export * from './jobs/update-job';
export * from './logging';
export * from './mail/list-mail';
export * from './mail/mailer';
export * from './maintenance/prune-history';
export * from './metrics';
export * from './not-found';
export * from './planner';
export * from './rate-limits/consume-rate-limit';
export * from './runs/get-run';
export * from './runs/list-runs';
export * from './schedules/preview-schedule';
export * from './secrets/reencrypt-secrets';
export * from './secrets/secret-box';
export * from './signing/signing-keys';
export * from './tracing';
export * from './usage/get-usage';
