import type { Prisma, RunStatus } from '../generated/prisma/client';
import { type Executor, withTransaction } from '../transaction';
import { occurrenceTimeOf } from './run-partitions-repository';
import { rollUpRecordedRun } from './run-rollups-repository';

export const runSummarySelect = {
  id: true,
  endpointId: true,
  jobId: true,
  occurrenceId: true,
  attempt: true,
  plannedAt: true,
  startedAt: true,
  finishedAt: true,
  status: true,
  statusCode: true,
  durationMs: true,
  latenessMs: true,
  source: true,
  explanation: true,
  responseTruncated: true,
  responseContentType: true,
  responseSizeBytes: true,
  error: true,
  createdAt: true,
} satisfies Prisma.RunSelect;

export type RunSummary = Prisma.RunGetPayload<{ select: typeof runSummarySelect }>;
export type RunRecord = Prisma.RunGetPayload<Record<string, never>>;
/** The partition key `occurrenceAt` is derived from `occurrenceId`, never passed. */
export type CreateRunData = Omit<Prisma.RunUncheckedCreateInput, 'occurrenceAt'>;

/**
 * Records a run at most once per (occurrenceId, attempt): a redelivered
 * occurrence finds the row already there and gets `null` back. The engine
 * records its runs with `insertRuns`; this is for runs written one at a time
 * (test data among them), and rolls the run up for health as well, in the
 * same transaction.
 */
export async function recordRun(db: Executor, data: CreateRunData): Promise<RunRecord | null> {
  if ('$transaction' in db) return withTransaction(db, (tx) => recordRun(tx, data));
  const occurrenceAt = occurrenceTimeOf(data.occurrenceId);
  const attempt = data.attempt ?? 1;
  // skipDuplicates is ON CONFLICT DO NOTHING: a conflict on (occurrenceId, attempt, occurrenceAt) is
  // one on (occurrenceId, attempt), since occurrenceAt follows from the id.
  const { count } = await db.run.createMany({ data: [{ ...data, occurrenceAt }], skipDuplicates: true });
  if (count === 0) return null;
  await rollUpRecordedRun(db, { occurrenceId: data.occurrenceId, attempt });
  return db.run.findUnique({
    where: { occurrenceId_attempt_occurrenceAt: { occurrenceId: data.occurrenceId, attempt, occurrenceAt } },
  });
}

export interface RunListQuery {
  limit: number;
  cursor?: string | null;
  status?: RunStatus;
  source?: string;
  from?: Date;
  to?: Date;
}

interface RunCursor {
  plannedAt: Date;
  id: string;
}

export function encodeRunCursor(run: RunCursor): string {
  return Buffer.from(`${run.plannedAt.toISOString()}|${run.id}`).toString('base64url');
}

export function decodeRunCursor(cursor: string): RunCursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const plannedAt = new Date(iso ?? '');
  if (!id || Number.isNaN(plannedAt.getTime())) return null;
  return { plannedAt, id };
}

/**
 * Keyset pagination, newest first, on the (endpointId, plannedAt desc, id desc) index: a merge
 * of one index scan per partition, each starting at the cursor, so any page costs the same.
 */
export async function listRunsForEndpoint(
  db: Executor,
  userId: string,
  endpointId: string,
  query: RunListQuery,
): Promise<{ items: RunSummary[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeRunCursor(query.cursor) : null;
  const plannedAt: Prisma.DateTimeFilter = {};
  if (query.from) plannedAt.gte = query.from;
  if (query.to) plannedAt.lt = query.to;
  // Implied by the cursor's OR below, but only this form is an index condition: each partition's
  // index scan starts at the cursor instead of filtering every newer run on its way there.
  if (cursor) plannedAt.lte = cursor.plannedAt;
  const where: Prisma.RunWhereInput = {
    endpointId,
    userId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(Object.keys(plannedAt).length ? { plannedAt } : {}),
    ...(cursor
      ? { OR: [{ plannedAt: { lt: cursor.plannedAt } }, { plannedAt: cursor.plannedAt, id: { lt: cursor.id } }] }
      : {}),
  };
  const rows = await db.run.findMany({
    where,
    select: runSummarySelect,
    orderBy: [{ plannedAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const items = hasMore ? rows.slice(0, query.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeRunCursor(last) : null };
}

/**
 * By id alone: the primary key is (id, occurrenceAt), so this probes the id index of every
 * partition (one index lookup per month kept, about a dozen), not one.
 */
export function findRunForUser(db: Executor, userId: string, id: string): Promise<RunRecord | null> {
  return db.run.findFirst({ where: { id, userId } });
}

export function findRunByOccurrence(
  db: Executor,
  userId: string,
  occurrenceId: string,
  attempt = 1,
): Promise<RunRecord | null> {
  return db.run.findFirst({ where: { occurrenceId, attempt, occurrenceAt: occurrenceTimeOf(occurrenceId), userId } });
}
