import type { Transaction } from '../transaction';

/**
 * Serialises one user's plan-limited creations (e.g. endpoint count checks) until the
 * transaction ends, so two concurrent creates cannot both pass a "fewer than N" check.
 */
export async function lockUserQuota(tx: Transaction, userId: string, quota: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${quota}:${userId}`}))`;
}
