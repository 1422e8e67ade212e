import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client';
import { createEndpoint, type EndpointRecord } from '../repositories/endpoints-repository';
import { createJob, type JobRecord } from '../repositories/jobs-repository';
import { type CreateRunData, type RunRecord, recordRun } from '../repositories/runs-repository';
import { type CreateUserData, createUser, type UserRecord } from '../repositories/users-repository';
import type { Executor } from '../transaction';

let sequence = 0;
/** Unique across files too: a per-process random tag plus a counter. */
const processTag = randomUUID().slice(0, 8);
export function uniqueSuffix(): string {
  sequence += 1;
  return `${processTag}-${sequence}`;
}

export function buildUser(overrides: Partial<CreateUserData> = {}): CreateUserData {
  const suffix = uniqueSuffix();
  // Verified by default: most tests act as an established account; sign-up tests create their own.
  return {
    email: `user-${suffix}@example.test`,
    name: `User ${suffix}`,
    emailVerifiedAt: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

export function makeUser(db: Executor, overrides: Partial<CreateUserData> = {}): Promise<UserRecord> {
  return createUser(db, buildUser(overrides));
}

export function makeJob(
  db: Executor,
  userId: string,
  overrides: Partial<{ name: string; description: string; status: JobRecord['status'] }> = {},
): Promise<JobRecord> {
  return createJob(db, { userId, name: `Job ${uniqueSuffix()}`, ...overrides });
}

export function makeEndpoint(
  db: Executor,
  job: { id: string; userId: string },
  overrides: Partial<Prisma.EndpointUncheckedCreateInput> = {},
): Promise<EndpointRecord> {
  return createEndpoint(db, {
    jobId: job.id,
    userId: job.userId,
    name: `Endpoint ${uniqueSuffix()}`,
    url: 'https://example.com/hook',
    scheduleType: 'interval',
    intervalMs: 60_000,
    ...overrides,
  });
}

export async function makeRun(
  db: Executor,
  endpoint: { id: string; jobId: string; userId: string },
  overrides: Partial<CreateRunData> = {},
): Promise<RunRecord> {
  const plannedAt = overrides.plannedAt ? new Date(overrides.plannedAt) : new Date('2026-01-01T00:00:00Z');
  const run = await recordRun(db, {
    endpointId: endpoint.id,
    jobId: endpoint.jobId,
    userId: endpoint.userId,
    occurrenceId: `occ-${uniqueSuffix()}`,
    attempt: 1,
    status: 'success',
    source: 'baseline-interval',
    ...overrides,
    plannedAt,
  });
  if (!run) throw new Error('makeRun: a run with this occurrence id and attempt already exists');
  return run;
}
