export * from './client';
export * from './endpoint-columns';
export * from './environment';
export { Prisma } from './generated/prisma/client';
export type {
  AiMode,
  AlertDeliveryStatus,
  AlertKind,
  CatchUpPolicy,
  JobStatus,
  NotificationChannelKind,
  OverlapPolicy,
  PausedBy,
  Role,
  RunStatus,
  ScheduleType,
  Tier,
} from './generated/prisma/enums';
export * from './repositories/account-tokens-repository';
export * from './repositories/admin-repository';
export * from './repositories/alerts-repository';
export * from './repositories/api-keys-repository';
export * from './repositories/audit-repository';
export * from './repositories/billing-repository';
export * from './repositories/encrypted-values-repository';
export * from './repositories/endpoints-repository';
export * from './repositories/engine-repository';
export * from './repositories/health-repository';
export * from './repositories/job-endpoints-repository';
export * from './repositories/jobs-repository';
export * from './repositories/locks-repository';
export * from './repositories/mail-repository';
export * from './repositories/metrics-repository';
export * from './repositories/oauth-accounts-repository';
export * from './repositories/planner-repository';
export * from './repositories/queue-jobs-repository';
export * from './repositories/rate-limit-repository';
export * from './repositories/retention-repository';
export * from './repositories/run-partitions-repository';
export * from './repositories/run-rollups-repository';
export * from './repositories/runs-repository';
export * from './repositories/sessions-repository';
export * from './repositories/signing-keys-repository';
export * from './repositories/usage-repository';
export * from './repositories/users-repository';
export * from './repositories/uuidv7';
export * from './sql';
export * from './transaction';
