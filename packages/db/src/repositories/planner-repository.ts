/**
 * Storage for the AI planner: sessions (the audit trail), proposals (suggest mode), the
 * monthly token budget in usage_ledger, and the planner's reads of run history.
 */
import type { Prisma } from '../generated/prisma/client';
import type { SqlExecutor } from '../sql';
import type { Executor } from '../transaction';

export const aiSessionSelect = {
  id: true,
  endpointId: true,
  userId: true,
  provider: true,
  model: true,
  trigger: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  steps: true,
  toolCalls: true,
  reasoning: true,
  tokensIn: true,
  tokensOut: true,
  nextAnalysisAt: true,
  warnings: true,
  outcome: true,
  error: true,
} satisfies Prisma.AiSessionSelect;
export type AiSessionRecord = Prisma.AiSessionGetPayload<{ select: typeof aiSessionSelect }>;

export const aiProposalSelect = {
  id: true,
  endpointId: true,
  aiSessionId: true,
  kind: true,
  payload: true,
  reason: true,
  status: true,
  expiresAt: true,
  decidedAt: true,
  decidedBy: true,
  createdAt: true,
} satisfies Prisma.AiProposalSelect;
export type AiProposalRecord = Prisma.AiProposalGetPayload<{ select: typeof aiProposalSelect }>;

export function createAiSession(
  db: Executor,
  data: { endpointId: string; userId: string; provider: string; model: string; trigger: string; startedAt: Date },
): Promise<AiSessionRecord> {
  return db.aiSession.create({ data: { ...data, warnings: [] }, select: aiSessionSelect });
}

export interface FinishedAiSession {
  provider: string;
  model: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  steps: number;
  toolCalls: Prisma.InputJsonValue;
  reasoning: string | null;
  tokensIn: number;
  tokensOut: number;
  nextAnalysisAt: Date | null;
  warnings: string[];
  outcome: string;
  error: string | null;
}

export function finishAiSession(db: Executor, id: string, data: FinishedAiSession): Promise<AiSessionRecord> {
  return db.aiSession.update({ where: { id }, data, select: aiSessionSelect });
}

export function findAiSessionById(db: Executor, id: string): Promise<AiSessionRecord | null> {
  return db.aiSession.findUnique({ where: { id }, select: aiSessionSelect });
}

export function findAiSessionForUser(db: Executor, userId: string, id: string): Promise<AiSessionRecord | null> {
  return db.aiSession.findFirst({ where: { id, userId }, select: aiSessionSelect });
}

interface SessionCursor {
  startedAt: Date;
  id: string;
}

export function encodeAiSessionCursor(session: SessionCursor): string {
  return Buffer.from(`${session.startedAt.toISOString()}|${session.id}`).toString('base64url');
}

export function decodeAiSessionCursor(cursor: string): SessionCursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(iso ?? '');
  if (!id || Number.isNaN(startedAt.getTime())) return null;
  return { startedAt, id };
}

/** Keyset pagination, newest first, on the ai_sessions(endpointId, startedAt desc) index. */
export async function listAiSessionsForEndpoint(
  db: Executor,
  userId: string,
  endpointId: string,
  query: { limit: number; cursor?: SessionCursor | null },
): Promise<{ items: AiSessionRecord[]; nextCursor: string | null }> {
  const { cursor } = query;
  const rows = await db.aiSession.findMany({
    where: {
      endpointId,
      userId,
      ...(cursor
        ? { OR: [{ startedAt: { lt: cursor.startedAt } }, { startedAt: cursor.startedAt, id: { lt: cursor.id } }] }
        : {}),
    },
    select: aiSessionSelect,
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const items = hasMore ? rows.slice(0, query.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeAiSessionCursor(last) : null };
}

/** Whether a session with this outcome was recorded for the user since a time (once-per-period records). */
export async function hasAiSessionOutcomeSince(
  db: Executor,
  userId: string,
  outcome: string,
  since: Date,
): Promise<boolean> {
  const found = await db.aiSession.findFirst({
    where: { userId, outcome, startedAt: { gte: since } },
    select: { id: true },
  });
  return found !== null;
}

export function createAiProposals(
  db: Executor,
  proposals: {
    endpointId: string;
    aiSessionId: string;
    kind: string;
    payload: Prisma.InputJsonValue;
    reason: string;
    status: string;
    expiresAt: Date | null;
    decidedAt?: Date | null;
  }[],
): Promise<AiProposalRecord[]> {
  return db.aiProposal.createManyAndReturn({ data: proposals, select: aiProposalSelect });
}

export function listProposalsForSession(db: Executor, aiSessionId: string): Promise<AiProposalRecord[]> {
  return db.aiProposal.findMany({ where: { aiSessionId }, select: aiProposalSelect, orderBy: { createdAt: 'asc' } });
}

/** A user's proposals for an endpoint, newest first; an expired pending one reads as expired. */
export async function listProposalsForEndpoint(
  db: Executor,
  userId: string,
  endpointId: string,
  query: { status?: string; now: Date; limit: number },
): Promise<AiProposalRecord[]> {
  const statusFilter: Prisma.AiProposalWhereInput =
    query.status === 'pending'
      ? { status: 'pending', OR: [{ expiresAt: null }, { expiresAt: { gt: query.now } }] }
      : query.status === 'expired'
        ? { OR: [{ status: 'expired' }, { status: 'pending', expiresAt: { lte: query.now } }] }
        : query.status
          ? { status: query.status }
          : {};
  const rows = await db.aiProposal.findMany({
    where: { endpointId, endpoint: { userId }, ...statusFilter },
    select: aiProposalSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit,
  });
  return rows.map((row) => withLapse(row, query.now));
}

export async function findProposalForUser(
  db: Executor,
  userId: string,
  id: string,
  now: Date,
): Promise<AiProposalRecord | null> {
  const row = await db.aiProposal.findFirst({ where: { id, endpoint: { userId } }, select: aiProposalSelect });
  return row ? withLapse(row, now) : null;
}

function withLapse(row: AiProposalRecord, now: Date): AiProposalRecord {
  return row.status === 'pending' && row.expiresAt && row.expiresAt.getTime() <= now.getTime()
    ? { ...row, status: 'expired' }
    : row;
}

/** Moves a still-pending proposal to its decision; false when someone decided (or it lapsed) first. */
export async function decidePendingProposal(
  db: Executor,
  id: string,
  decision: { status: 'approved' | 'rejected' | 'superseded'; decidedBy: string | null; decidedAt: Date },
): Promise<boolean> {
  const { count } = await db.aiProposal.updateMany({
    where: { id, status: 'pending', OR: [{ expiresAt: null }, { expiresAt: { gt: decision.decidedAt } }] },
    data: decision,
  });
  return count === 1;
}

/** A newer session's proposals replace an endpoint's older pending ones. */
export async function supersedePendingProposals(db: Executor, endpointId: string, at: Date): Promise<number> {
  const { count } = await db.aiProposal.updateMany({
    where: { endpointId, status: 'pending' },
    data: { status: 'superseded', decidedAt: at },
  });
  return count;
}

/** Marks lapsed pending proposals expired (status, expiresAt index). */
export async function expirePendingProposals(db: Executor, now: Date): Promise<number> {
  const { count } = await db.aiProposal.updateMany({
    where: { status: 'pending', expiresAt: { lte: now } },
    data: { status: 'expired' },
  });
  return count;
}

/**
 * Reserves a session's token cap in the owner's monthly ledger row, atomically. Granted while
 * the month's total is below the limit, so concurrent sessions overrun it by one cap at most.
 */
export async function reserveAiTokens(
  db: Executor,
  entry: { userId: string; month: string; tokens: number; limit: number },
): Promise<boolean> {
  const rows = await db.$queryRaw<{ aiTokens: bigint }[]>`
    INSERT INTO usage_ledger ("userId", month, runs, "aiTokens", "updatedAt")
    SELECT ${entry.userId}::uuid, ${entry.month}, 0, ${entry.tokens}, now()
     WHERE ${entry.limit} > 0
    ON CONFLICT ("userId", month) DO UPDATE
      SET "aiTokens" = usage_ledger."aiTokens" + EXCLUDED."aiTokens", "updatedAt" = now()
      WHERE usage_ledger."aiTokens" < ${entry.limit}
    RETURNING "aiTokens"`;
  return rows.length === 1;
}

/** Replaces a reservation with what the session actually used. */
export async function settleAiTokens(
  db: Executor,
  entry: { userId: string; month: string; reserved: number; used: number },
): Promise<void> {
  await db.$executeRaw`
    UPDATE usage_ledger SET "aiTokens" = GREATEST("aiTokens" - ${entry.reserved} + ${entry.used}, 0), "updatedAt" = now()
     WHERE "userId" = ${entry.userId}::uuid AND month = ${entry.month}`;
}

/** The endpoint as the planner sees it, with its job's status and its owner's tier. */
export async function findPlannerSubject(db: Executor, endpointId: string) {
  const row = await db.endpoint.findUnique({
    where: { id: endpointId },
    include: {
      job: { select: { status: true, name: true, _count: { select: { endpoints: true } } } },
      user: { select: { tier: true } },
    },
  });
  if (!row) return null;
  const { job, user, ...endpoint } = row;
  return {
    ...endpoint,
    jobStatus: job.status,
    jobName: job.name,
    siblingCount: job._count.endpoints - 1,
    tier: user.tier,
  };
}
export type PlannerSubject = NonNullable<Awaited<ReturnType<typeof findPlannerSubject>>>;

export const plannerRunSelect = {
  id: true,
  plannedAt: true,
  status: true,
  statusCode: true,
  durationMs: true,
  latenessMs: true,
  source: true,
  responseBody: true,
  responseTruncated: true,
  error: true,
} satisfies Prisma.RunSelect;
export type PlannerRun = Prisma.RunGetPayload<{ select: typeof plannerRunSelect }>;

/** An endpoint's latest finished runs with their bodies, newest first (endpointId, plannedAt index). */
export function listRecentRunsWithBodies(
  db: Executor,
  endpointId: string,
  query: { limit: number; before?: Date | null },
): Promise<PlannerRun[]> {
  return db.run.findMany({
    where: {
      endpointId,
      status: { not: 'running' },
      ...(query.before ? { plannedAt: { lt: query.before } } : {}),
    },
    select: plannerRunSelect,
    orderBy: [{ plannedAt: 'desc' }, { id: 'desc' }],
    take: query.limit,
  });
}

/** The other endpoints of a job, with their latest state and body, for sibling reads. */
export async function listSiblingStates(db: Executor, jobId: string, exceptEndpointId: string) {
  const siblings = await db.endpoint.findMany({
    where: { jobId, id: { not: exceptEndpointId } },
    select: {
      id: true,
      name: true,
      lastRunAt: true,
      lastRunStatus: true,
      failureStreak: true,
      nextRunAt: true,
      pausedAt: true,
      runs: {
        where: { status: { not: 'running' } },
        select: { responseBody: true, statusCode: true, plannedAt: true },
        orderBy: [{ plannedAt: 'desc' }, { id: 'desc' }],
        take: 1,
      },
    },
    orderBy: { createdAt: 'asc' },
    take: 20,
  });
  return siblings.map(({ runs, ...sibling }) => ({ ...sibling, latestRun: runs[0] ?? null }));
}

/** Records the planner's view on the endpoint after a session, without touching its schedule. */
export async function updatePlannerState(
  db: Executor,
  endpointId: string,
  data: {
    lastAnalysisAt?: Date;
    nextAnalysisAt?: Date | null;
    aiStatus?: string | null;
    aiStatusMessage?: string | null;
  },
): Promise<void> {
  await db.endpoint.updateMany({ where: { id: endpointId }, data });
}

/**
 * Claims endpoints whose planned re-analysis has come (nextAnalysisAt index): clears the time and
 * returns them, in one statement, so two sweeps never queue the same analysis.
 */
export async function claimDueAnalyses(
  db: Executor,
  now: Date,
  limit: number,
): Promise<{ id: string; userId: string }[]> {
  return db.$queryRaw<{ id: string; userId: string }[]>`
    UPDATE endpoints SET "nextAnalysisAt" = NULL
     WHERE id IN (SELECT id FROM endpoints
                   WHERE "nextAnalysisAt" <= ${now} AND "aiMode" <> 'off'
                   ORDER BY "nextAnalysisAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, "userId"`;
}

/** Stores the latest body-signal fingerprints of a batch's endpoints, in one statement (engine path). */
export async function updateAiSignals(
  sql: SqlExecutor,
  updates: { id: string; signal: string | null }[],
): Promise<void> {
  if (updates.length === 0) return;
  await sql.query(
    `UPDATE endpoints e SET "aiSignal" = u.signal
       FROM unnest($1::uuid[], $2::text[]) AS u(id, signal)
      WHERE e.id = u.id`,
    [updates.map((update) => update.id), updates.map((update) => update.signal)],
  );
}

/** The AI-enabled siblings of an endpoint (same job), for analyses a sibling's signal triggers. */
export function listAnalysableSiblings(
  db: Executor,
  jobId: string,
  exceptEndpointId: string,
): Promise<{ id: string; userId: string }[]> {
  return db.endpoint.findMany({
    where: { jobId, id: { not: exceptEndpointId }, aiMode: { not: 'off' } },
    select: { id: true, userId: true },
    take: 20,
  });
}
