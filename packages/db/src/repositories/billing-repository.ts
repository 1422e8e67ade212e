import type { Prisma } from '../generated/prisma/client';
import type { Executor, Transaction } from '../transaction';

/** A user's plan and the billing state mirrored from Stripe (Stripe stays the source of truth). */
export const billingAccountSelect = {
  id: true,
  email: true,
  name: true,
  tier: true,
  stripeCustomerId: true,
  stripeSubscriptionId: true,
  stripePriceId: true,
  subscriptionStatus: true,
  currentPeriodEnd: true,
  cancelAtPeriodEnd: true,
  billingGraceUntil: true,
  retentionHoldUntil: true,
} satisfies Prisma.UserSelect;

export type BillingAccountRecord = Prisma.UserGetPayload<{ select: typeof billingAccountSelect }>;

export type BillingAccountUpdate = Partial<
  Pick<
    BillingAccountRecord,
    | 'tier'
    | 'stripeSubscriptionId'
    | 'stripePriceId'
    | 'subscriptionStatus'
    | 'currentPeriodEnd'
    | 'cancelAtPeriodEnd'
    | 'billingGraceUntil'
    | 'retentionHoldUntil'
  >
>;

export function findBillingAccount(db: Executor, userId: string): Promise<BillingAccountRecord | null> {
  return db.user.findUnique({ where: { id: userId }, select: billingAccountSelect });
}

/**
 * Reads the account with its row locked until the transaction ends, so two billing changes for
 * one user (a webhook and the grace job, or two events) apply one after the other.
 */
export async function lockBillingAccount(tx: Transaction, userId: string): Promise<BillingAccountRecord | null> {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  return findBillingAccount(tx, userId);
}

export async function findUserIdByStripeCustomerId(db: Executor, customerId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  return user?.id ?? null;
}

/** Links a Stripe customer to a user that has none yet; false when one was already linked. */
export async function linkStripeCustomer(db: Executor, userId: string, customerId: string): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, stripeCustomerId: null },
    data: { stripeCustomerId: customerId },
  });
  return count === 1;
}

export function updateBillingAccount(
  db: Executor,
  userId: string,
  data: BillingAccountUpdate,
): Promise<BillingAccountRecord> {
  return db.user.update({ where: { id: userId }, data, select: billingAccountSelect });
}

/**
 * Claims a Stripe event id for processing. Call it first in the transaction that applies the
 * event: a concurrent duplicate waits on the primary key until that transaction ends, then
 * finds the id taken (false) — or claims it if the first one rolled back.
 */
export async function claimWebhookEvent(tx: Transaction, event: { id: string; type: string }): Promise<boolean> {
  const { count } = await tx.webhookEvent.createMany({ data: [event], skipDuplicates: true });
  return count === 1;
}

export interface PlanChangeEndpoint {
  id: string;
  createdAt: Date;
  /** Not paused and in an active job: it counts against the plan's endpoint allowance. */
  isRunning: boolean;
}

/** Every endpoint of the user, with what a plan change needs to choose and re-plan them. */
export async function listEndpointsForPlanChange(db: Executor, userId: string): Promise<PlanChangeEndpoint[]> {
  const endpoints = await db.endpoint.findMany({
    where: { userId },
    select: { id: true, createdAt: true, pausedAt: true, job: { select: { status: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return endpoints.map((endpoint) => ({
    id: endpoint.id,
    createdAt: endpoint.createdAt,
    isRunning: endpoint.pausedAt === null && endpoint.job.status === 'active',
  }));
}

/** Pauses endpoints on the system's behalf (a plan change), with the reason people will see. */
export async function pauseEndpointsBySystem(
  tx: Transaction,
  userId: string,
  endpointIds: readonly string[],
  pause: { at: Date; reason: string },
): Promise<number> {
  if (endpointIds.length === 0) return 0;
  const { count } = await tx.endpoint.updateMany({
    where: { userId, id: { in: [...endpointIds] }, pausedAt: null },
    data: {
      pausedAt: pause.at,
      pausedUntil: null,
      pauseReason: pause.reason,
      pausedBy: 'system',
      pausedByUserId: null,
    },
  });
  return count;
}
