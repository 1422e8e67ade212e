export * from './client';
export * from './environment';
export { Prisma } from './generated/prisma/client';
export type {
  AiMode,
  CatchUpPolicy,
  JobStatus,
  OverlapPolicy,
  PausedBy,
  Role,
  RunStatus,
  ScheduleType,
  Tier,
} from './generated/prisma/enums';
export * from './repositories/endpoints-repository';
export * from './repositories/jobs-repository';
export * from './repositories/runs-repository';
export * from './repositories/users-repository';
export * from './transaction';
